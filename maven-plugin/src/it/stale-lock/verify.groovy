// The query of certutil_network_connection.toml changed after version 1 was locked, and its version was not
// bumped: Kibana would never update the installed rule, so the validate goal fails and names the fix.
def lines = new File(basedir, 'build.log').readLines('UTF-8')
assert lines.contains('[ERROR] src/rules/certutil_network_connection.toml:24:11: error: rule content changed since version 1 was locked, but its version was not bumped [RF7001]')
assert lines.contains('    hint: run `mvn ruleforge:lock` or `ruleforge lock` to bump it to 2, and remove `version` from the rule file (the lock keeps it) or set it to 2')
// the untouched rule is fine
assert !lines.any { it.contains('mshta_network_connection.toml') && it.contains('RF7001') }
assert lines.any { it ==~ /\[ERROR\] Failed to execute goal .*:validate \(default\) on project it-stale-lock: ruleforge validate failed: .*RF7001.*/ }
assert !new File(basedir, 'target/ruleforge/bundle/rules.ndjson').exists()
