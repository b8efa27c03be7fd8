#!/usr/bin/env node
'use strict';
/*
 * The anchor of KqlCompileBenchmark, measured in the same run: Kibana 8.9's kbn-es-query (test-tools/kbn-oracle)
 * parsing and translating the 482 corpus queries (Kibana 8.9, no data view), warm: 5 warm-up rounds, then the
 * mean and best of 10 measured rounds, in microseconds per query, as wall time of this process (report the load).
 * Run from the repository root: node benchmarks/kbn-kql-warm.js [corpus.jsonl]
 */
const fs = require('fs');
const path = require('path');
const { kbnEsQuery } = require(path.resolve('test-tools/kbn-oracle/node_modules/kbn-es-query'));
const { fromKueryExpression, toElasticsearchQuery } = kbnEsQuery;

const corpus = process.argv[2] || '../shared/conformance/kql/kibana-8.9_nofields.jsonl';
const queries = fs.readFileSync(corpus, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l).query);
let sink = 0;
function round() {
  const start = process.hrtime.bigint();
  for (const q of queries) {
    try {
      sink += JSON.stringify(toElasticsearchQuery(fromKueryExpression(q))).length;
    } catch (e) {
      sink += 1;
    }
  }
  return Number(process.hrtime.bigint() - start) / 1000 / queries.length;
}
for (let i = 0; i < 5; i++) round();
const times = [];
for (let i = 0; i < 10; i++) times.push(round());
const mean = times.reduce((a, b) => a + b, 0) / times.length;
console.log(`kbn-es-query 8.9 warm: ${queries.length} queries, mean ${mean.toFixed(1)} us/query, best ${Math.min(...times).toFixed(1)} us/query (sink ${sink})`);
