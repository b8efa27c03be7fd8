#!/usr/bin/env node
'use strict';
/*
 * Lucene -> DSL oracle: what Kibana 8.9's @kbn/es-query buildEsQuery makes of a lucene-language query with the
 * options the detection engine's getQueryFilter passes (analyze_wildcard, dateFormatTZ Zulu), no filters.
 *
 * stdin:  {"id": <any>, "query": "<lucene>"} per line (jsonl.js)
 * stdout: {"id": <id>, "dsl": <buildEsQuery(...)>} or {"id": <id>, "error": {"name", "message"}} per line
 */
const { kbnEsQuery } = require('kbn-es-query');
const { serve, DETECTION_ENGINE_CONFIG } = require('./jsonl');

serve((query) => kbnEsQuery.buildEsQuery(undefined, [{ query, language: 'lucene' }], [], DETECTION_ENGINE_CONFIG));
