// Each rule's query has a stray ")". Positions are in the TOML file, not in the query string:
//  - certutil: a multi-line literal string; the ")" is on the query's 2nd line, which is line 28 of the file,
//    column 68 (the ")" inside the quoted action does not count);
//  - mshta: a one-line basic string with escaped quotes; the ")" is at column 104 of line 23, counting the
//    "query = \"" prefix and both backslashes (in the query text itself it is column 93).
def log = new File(basedir, 'build.log').getText('UTF-8')
def lines = log.readLines()
def syntax = 'error: KQL syntax error: Expected AND, OR, end of input but ")" found. [RF3001]'

assert lines.contains("[ERROR] src/rules/certutil_network_connection.toml:28:68: ${syntax}".toString())
assert lines.contains("[ERROR] src/rules/mshta_network_connection.toml:23:104: ${syntax}".toString())
// (the warning: no version.lock.json — `lock` refuses rules with errors, so this project cannot have one)
assert lines.contains('[INFO] 2 rules validated: 2 errors, 1 warning')
assert lines.any { it.startsWith('[ERROR] Failed to execute goal io.ruleforge:ruleforge-maven-plugin:') &&
        it.contains(':validate (default) on project it-bad-kql: ruleforge validate failed: src/rules/certutil_network_connection.toml:28:68: error: KQL syntax error') }

assert !log.contains(':compile (default) @ it-bad-kql')
assert !new File(basedir, 'target/ruleforge/bundle/rules.ndjson').exists()
return true
