#!/usr/bin/env node
'use strict';
/*
 * KQL -> DSL oracle: Kibana 8.9's @kbn/es-query (npm build `kbn-es-query`), no data view ("no fields" mode).
 *
 * stdin:  {"id": <any>, "query": "<KQL>"} per line (jsonl.js)
 * stdout: one JSON object per input line, in input order:
 *           {"id": <id>, "dsl": <toElasticsearchQuery(fromKueryExpression(query))>}
 *         or {"id": <id>, "error": {"name", "message", "offset"?}}
 *         where offset is the 0-based char offset Kibana's caret line points at (KQLSyntaxError only).
 */
const { kbnEsQuery } = require('kbn-es-query');
const { serve } = require('./jsonl');
const { fromKueryExpression, toElasticsearchQuery } = kbnEsQuery;

function caretOffset(fullMessage) {
  const lines = String(fullMessage).split('\n');
  const caretLine = lines[lines.length - 1];
  return /^-*\^$/.test(caretLine) ? caretLine.length - 1 : undefined;
}

serve((query) => toElasticsearchQuery(fromKueryExpression(query)),
  (e) => (e.name === 'KQLSyntaxError' ? { offset: caretOffset(e.message) } : {}));
