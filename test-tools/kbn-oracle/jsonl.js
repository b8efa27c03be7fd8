'use strict';
/*
 * The oracles' shared loop: one JSON request per stdin line, {"id": <any>, "query": "<text>"}; one JSON answer per
 * line on stdout, in input order: {"id": <id>, "dsl": <what answer(query) returns>} or
 * {"id": <id>, "error": {"name", "message", ...}} when it throws (errorDetails adds fields to the error).
 * A line that is not valid JSON gets {"id": null, "error": {"name": "BadInput", ...}}.
 */
const readline = require('readline');

/** The options the detection engine's getQueryFilter passes to buildEsQuery. */
const DETECTION_ENGINE_CONFIG = {
  allowLeadingWildcards: true,
  queryStringOptions: { analyze_wildcard: true },
  ignoreFilterIfFieldNotInIndex: false,
  dateFormatTZ: 'Zulu',
};

function serve(answer, errorDetails = () => ({})) {
  const respond = (line) => {
    let request;
    try {
      request = JSON.parse(line);
    } catch (e) {
      return { id: null, error: { name: 'BadInput', message: e.message } };
    }
    const id = request.id === undefined ? null : request.id;
    try {
      return { id, dsl: answer(request.query) };
    } catch (e) {
      return { id, error: { name: e.name || 'Error', message: e.shortMessage || e.message, ...errorDetails(e) } };
    }
  };
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  input.on('line', (line) => {
    if (line.trim() !== '') {
      process.stdout.write(JSON.stringify(respond(line)) + '\n');
    }
  });
}

module.exports = { serve, DETECTION_ENGINE_CONFIG };
