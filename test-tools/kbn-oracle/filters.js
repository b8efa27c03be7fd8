#!/usr/bin/env node
'use strict';
/*
 * Filters oracle: what Kibana 8.9's @kbn/es-query buildEsQuery makes of a rule's filters alone (no query), with the
 * options the detection engine's getQueryFilter passes and a data view without fields, as the engine builds it.
 *
 * stdin:  {"id": <any>, "query": "<the filters array, as JSON text>"} per line (jsonl.js)
 * stdout: {"id": <id>, "dsl": <buildEsQuery(...)>} or {"id": <id>, "error": {"name", "message"}} per line
 */
const { kbnEsQuery } = require('kbn-es-query');
const { serve, DETECTION_ENGINE_CONFIG } = require('./jsonl');

serve((filters) => kbnEsQuery.buildEsQuery({ fields: [], title: 'rule-index' }, [], JSON.parse(filters), DETECTION_ENGINE_CONFIG));
