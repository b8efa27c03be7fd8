// A mapping file configured in the plugin reaches the rules whose index patterns its template covers: the fields are
// known (no "not in ECS" warning), Kibana 8.12 sends term for the keyword field, and the negatives that only stay
// quiet with the template's keyword and ip types pass.
def log = new File(basedir, 'build.log').getText('UTF-8')
def expectLine = { String regex ->
    assert log.readLines().any { it ==~ regex } : "no log line matches /${regex}/"
}
expectLine(/\[INFO\] 1 rule validated: 0 errors, 0 warnings/)
expectLine(/\[INFO\] 1 rule compiled \(Kibana 8\.12, fields: ecs-9\.4\.0 \+ Elastic's by index pattern \+ 1 index mapping\) to .*: 0 errors, 0 warnings/)
expectLine(/\[INFO\] PASS src\/rules\/firewall_deny_external\.toml \S+ Firewall Deny From External Source/)
expectLine(/\[INFO\]      validated, compiled \(DSL, EQL\), 1\/1 positives fired, 2\/2 negatives quiet, .*/)
assert !log.contains('[ERROR]') && !log.contains('[WARNING]')

def compiled = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ruleforge/compiled/firewall_deny_external.json'))
assert compiled.dsl.bool.filter[0].bool.should[0].term == ['fw.action': [value: 'deny']]
assert compiled.eql.contains('cidrMatch(fw.src, "10.0.0.0/8")')
return true
