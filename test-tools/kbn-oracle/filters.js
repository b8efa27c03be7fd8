#!/usr/bin/env node
'use strict';
/*
 * Filters oracle: what Kibana 8.9's @kbn/es-query buildEsQuery makes of a rule's filters alone (no query), with the
 * options the detection engine's getQueryFilter passes and a data view without fields, as the engine builds it.
 *
 * stdin:  one JSON object per line, {"id": <any>, "query": "<the filters array, as JSON text>"}
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
    const filters = JSON.parse(request.query);
    const dsl = kbnEsQuery.buildEsQuery({ fields: [], title: 'rule-index' }, [], filters, DETECTION_ENGINE_CONFIG);
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
