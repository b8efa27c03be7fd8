#!/usr/bin/env node
'use strict';
/*
 * KQL -> DSL oracle: Kibana 8.9's @kbn/es-query (npm build `kbn-es-query`), no data view ("no fields" mode).
 *
 * stdin:  one JSON object per line, {"id": <any>, "query": "<KQL>"}
 * stdout: one JSON object per input line, in input order:
 *           {"id": <id>, "dsl": <toElasticsearchQuery(fromKueryExpression(query))>}
 *         or {"id": <id>, "error": {"name", "message", "offset"?}}
 *         where offset is the 0-based char offset Kibana's caret line points at (KQLSyntaxError only).
 * A line that is not valid JSON gets {"id": null, "error": {"name": "BadInput", ...}}.
 */
const readline = require('readline');
const { kbnEsQuery } = require('kbn-es-query');
const { fromKueryExpression, toElasticsearchQuery } = kbnEsQuery;

function caretOffset(fullMessage) {
  const lines = String(fullMessage).split('\n');
  const caretLine = lines[lines.length - 1];
  return /^-*\^$/.test(caretLine) ? caretLine.length - 1 : undefined;
}

function translate(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch (e) {
    return { id: null, error: { name: 'BadInput', message: e.message } };
  }
  const id = request.id === undefined ? null : request.id;
  try {
    const dsl = toElasticsearchQuery(fromKueryExpression(request.query));
    return { id, dsl };
  } catch (e) {
    const error = { name: e.name || 'Error', message: e.shortMessage || e.message };
    if (e.name === 'KQLSyntaxError') {
      error.offset = caretOffset(e.message);
    }
    return { id, error };
  }
}

const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on('line', (line) => {
  if (line.trim() === '') {
    return;
  }
  process.stdout.write(JSON.stringify(translate(line)) + '\n');
});
