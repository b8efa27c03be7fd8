// risk_score = 101 sits on line 19 of the rule, its value at column 18 (after "risk_score   =   "):
// the validate goal reports exactly there, fails the build, and nothing later runs or is written.
def log = new File(basedir, 'build.log').getText('UTF-8')
def lines = log.readLines()
def error = 'src/rules/certutil_network_connection.toml:19:18: error: rule.risk_score must be between 0 and 100, found 101'

assert lines.contains("[ERROR] ${error} [RF2006]".toString()) : "no log line reports ${error}"
assert lines.contains('[INFO] 0 rules validated, 1 rule file refused: 1 error, 0 warnings')
assert lines.any { it.startsWith('[ERROR] Failed to execute goal io.ruleforge:ruleforge-maven-plugin:') &&
        it.contains(':validate (default) on project it-schema-error: ruleforge validate failed: ' + error) }
// one error only: the rest of the rule is valid
assert lines.count { it.contains(': error: ') && !it.contains('Failed to execute goal') } == 1

// the build stopped at validate
assert !log.contains(':compile (default) @ it-schema-error')
assert !log.contains(':bundle (default) @ it-schema-error')
assert !new File(basedir, 'target/ruleforge/bundle/rules.ndjson').exists()
assert !new File(basedir, 'target/ruleforge/compiled').exists()
return true
