// A positive event the rule does not match and a negative event it does: the test goal fails the build,
// naming each fixture file and line, and the JUnit report holds a <failure> for exactly those two cases.
def log = new File(basedir, 'build.log').getText('UTF-8')
def lines = log.readLines()
def positive = 'src/test/fixtures/certutil_network_connection/positive.ndjson'
def negative = 'src/test/fixtures/certutil_network_connection/negative.ndjson'

def expectLine = { String regex ->
    assert lines.any { it ==~ regex } : "no log line matches /${regex}/"
}
// validate and compile passed; the test goal is the one that failed
expectLine(/\[INFO\] 1 rule validated: 0 errors, 0 warnings/)
expectLine(/\[ERROR\] FAIL src\/rules\/certutil_network_connection\.toml \S+ Certutil Network Connection/)
// no IP exclusions: no generated cases to count
expectLine(/\[INFO\]      validated, compiled \(DSL, EQL\), 1\/2 positives fired, 1\/2 negatives quiet; EQL translation agrees on 4\/4/)
expectLine(/\[ERROR\] +\S+ expected the rule to fire on ${positive}:2(?: \([^)]*\))?, but it stayed quiet: .*process\.name.*certutil\.exe.*/)
expectLine(/\[ERROR\] +\S+ expected the rule to stay quiet on ${negative}:4(?: \([^)]*\))?, but it fired: .*/)
expectLine(/.*1 rules? tested: 0 passed, 1 failed \(4 cases, 2 failed\)/)
expectLine(/\[ERROR\] Failed to execute goal io\.ruleforge:ruleforge-maven-plugin:[^:]+:test \(default\) on project it-failing-fixture: ruleforge test failed: \S+ expected the rule to fire on ${positive}:2(?: \([^)]*\))?, but it stayed quiet: .*/)
// the passing cases are not reported as failures
assert !log.contains("${positive}:1,")
assert !log.contains("${negative}:2,")

def report = new File(basedir, 'target/ruleforge/reports/TEST-ruleforge.certutil_network_connection.xml')
assert report.isFile()
def xml = report.getText('UTF-8')
assert xml.contains('<failure ')
def suite = new groovy.xml.XmlSlurper().parse(report)
assert suite.@tests == '4'
assert suite.@failures == '2'
def failed = suite.testcase.findAll { it.failure.size() > 0 }
// test names carry the fixture's // description in parentheses
assert failed*.@name*.toString()*.replaceAll(/ \([^)]*\)/, '') == ["${positive}:2 fires", "${negative}:4 stays quiet"]*.toString()
assert failed[0].failure.@type == 'RuleDidNotFire'
assert failed[0].failure.@message.toString().startsWith("expected the rule to fire on ${positive}:2, but it stayed quiet")
assert failed[0].failure.text().contains('"name":"bitsadmin.exe"')
assert failed[1].failure.@type == 'RuleFired'

// the build stopped at the test goal: nothing was bundled
assert !new File(basedir, 'target/ruleforge/bundle/rules.ndjson').exists()
return true
