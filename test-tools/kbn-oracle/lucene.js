#!/usr/bin/env node
'use strict';
/*
 * Lucene -> DSL oracle: what Kibana 8.9's @kbn/es-query buildEsQuery makes of a lucene-language query with the
 * options the detection engine's getQueryFilter passes (analyze_wildcard, dateFormatTZ Zulu), no filters.
 *
 * stdin:  one JSON object per line, {"id": <any>, "query": "<lucene>"}
 * stdout: one JSON object per input line, in input order: {"id": <id>, "dsl": <buildEsQuery(...)>}
 *         or {"id": <id>, "error": {"name", "message"}}
 */
const readline = require('readline');
const { kbnEsQuery } = require('kbn-es-query');

const DETECTION_ENGINE_CONFIG = {
  allowLeadingWildcards: true,
  queryStringOptions: { analyze_wildcard: true },
  ignoreFilterIfFieldNotInIndex: false,
  dateFormatTZ: 'Zulu',
};

function translate(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch (e) {
    return { id: null, error: { name: 'BadInput', message: e.message } };
  }
  const id = request.id === undefined ? null : request.id;
  try {
    const dsl = kbnEsQuery.buildEsQuery(undefined, [{ query: request.query, language: 'lucene' }], [], DETECTION_ENGINE_CONFIG);
    return { id, dsl };
  } catch (e) {
    return { id, error: { name: e.name || 'Error', message: e.message } };
  }
}

const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on('line', (line) => {
  if (line.trim() === '') {
    return;
  }
  process.stdout.write(JSON.stringify(translate(line)) + '\n');
});
