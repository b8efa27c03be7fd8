// Two valid rules with passing fixtures: each goal reports, the bundle holds both rules, one JUnit report per rule.
def log = new File(basedir, 'build.log').getText('UTF-8')

def expectLine = { String regex ->
    assert log.readLines().any { it ==~ regex } : "no log line matches /${regex}/"
}
expectLine(/\[INFO\] 2 rules validated: 0 errors, 0 warnings/)
expectLine(/\[INFO\] 2 rules compiled \(Kibana 8\.12, fields: ecs-9\.4\.0 \+ Elastic's by index pattern\) to .*: 0 errors, 0 warnings/)
// the per-rule summary; the dash between file and name is not ASCII, so it is matched loosely
expectLine(/\[INFO\] PASS src\/rules\/certutil_network_connection\.toml \S+ Certutil Network Connection/)
expectLine(/\[INFO\] PASS src\/rules\/mshta_network_connection\.toml \S+ Mshta Network Connection/)
expectLine(/\[INFO\]      validated, compiled \(DSL, EQL\), 2\/2 positives fired, 2\/2 negatives quiet; EQL translation agrees on 4\/4/)
expectLine(/\[INFO\] 2 rules tested: 2 passed, 0 failed \(8 cases, 0 failed\)/)
expectLine(/\[INFO\] bundle: 2 rules written to .*rules\.ndjson.*/)
assert !log.contains('[ERROR]')

def out = new File(basedir, 'target/ruleforge')
def bundle = new File(out, 'bundle/rules.ndjson')
assert bundle.isFile()
def lines = bundle.readLines('UTF-8').findAll { !it.isBlank() }
// two rules, then the export-details line Kibana ends its exports with
assert lines.size() == 3 : "bundle has ${lines.size()} lines: ${lines}"
assert new groovy.json.JsonSlurper().parseText(lines[2]).exported_rules_count == 2
def rules = lines[0..1].collect { new groovy.json.JsonSlurper().parseText(it) }
assert rules*.rule_id.sort() == ['0b7c3b5e-2f0e-4c1a-9a51-6a3d2c1e7f01', '0b7c3b5e-2f0e-4c1a-9a51-6a3d2c1e7f02']
assert rules.find { it.name == 'Certutil Network Connection' }.risk_score == 47

['certutil_network_connection', 'mshta_network_connection'].each { stem ->
    def report = new File(out, "reports/TEST-ruleforge.${stem}.xml")
    assert report.isFile() : "missing ${report}"
    def suite = new groovy.xml.XmlSlurper().parse(report)
    assert suite.@name == "ruleforge.${stem}"
    assert suite.@tests == '4'
    assert suite.@failures == '0'
    assert suite.testcase.size() == 4
    assert suite.testcase.failure.size() == 0
}
return true
