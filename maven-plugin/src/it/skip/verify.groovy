// Five invocations, in the order of invoker.properties, append to one build.log.
def ItBuild = this.class.classLoader.parseClass(new File(itSupport, 'ItBuild.groovy'))
def runs = ItBuild.invocations(basedir, 'it-skip')
assert runs.size() == 5 : "expected 5 invocations in build.log, found ${runs.size()}"
def goals = { String run -> ItBuild.goals(run, 'it-skip') }
def skipped = { String by -> ['[INFO] ruleforge: skipped (' + by + ')'] }

// 1. -Druleforge.skip: all four goals ran and were skipped; nothing was read or written
def run1 = goals(runs[0])
assert run1.keySet() as List == ['validate', 'compile', 'test', 'bundle']
run1.each { goal, lines -> assert lines == skipped('ruleforge.skip') : "${goal} was not skipped: ${lines}" }
assert runs[0].contains('BUILD SUCCESS')
assert !runs[0].contains('broken_rule.toml')
assert !new File(basedir, 'target/skip-all').exists()

// 2. control: without the skip the broken rule fails validate
assert runs[1].contains('[ERROR] src/rules/broken_rule.toml:19:14: error: rule.risk_score must be between 0 and 100, found 101')
assert runs[1].contains('BUILD FAILURE')

// 3. -DskipTests: only the test goal is skipped; the others ran and wrote their output
def run3 = goals(runs[2])
assert run3.keySet() as List == ['validate', 'compile', 'test', 'bundle']
assert run3.test == skipped('skipTests')
// each goal that ran ends with what it recomputed (the first build into this output directory: everything)
def recomputed = /\[INFO\] 1 rule: 1 recomputed, 0 up to date \(state in .*skip-tests.state\)/
['validate', 'compile', 'bundle'].each { goal -> assert run3[goal].size() == 2 && run3[goal][1] ==~ recomputed : "${goal}: ${run3[goal]}" }
assert run3.validate[0] == '[INFO] 1 rule validated: 0 errors, 0 warnings'
assert run3.compile[0].startsWith('[INFO] 1 rule compiled')
assert run3.bundle[0].startsWith('[INFO] bundle: 1 rule written to')
assert runs[2].contains('BUILD SUCCESS')
def out3 = new File(basedir, 'target/skip-tests')
assert new File(out3, 'compiled/certutil_network_connection.json').isFile()
assert new File(out3, 'bundle/rules.ndjson').readLines('UTF-8').findAll { !it.isBlank() }.size() == 2 // the rule and Kibana's export details
assert !new File(out3, 'reports').exists()

// 4. control: without -DskipTests the fixture on line 2 fails the test goal
def run4 = goals(runs[3])
assert run4.test.any { it =~ /expected the rule to fire on src\/test\/fixtures\/certutil_network_connection\/positive\.ndjson:2(?: \([^)]*\))?, but it stayed quiet/ }
assert runs[3].contains('BUILD FAILURE')
assert new File(basedir, 'target/with-tests/reports/TEST-ruleforge.certutil_network_connection.xml').isFile()

// 5. -Dmaven.test.skip: the test goal is skipped as with -DskipTests; the others ran
def run5 = goals(runs[4])
assert run5.keySet() as List == ['validate', 'compile', 'test', 'bundle']
assert run5.test == skipped('maven.test.skip')
['validate', 'compile', 'bundle'].each { goal -> assert run5[goal] != skipped('maven.test.skip') : "${goal} was skipped" }
assert runs[4].contains('BUILD SUCCESS')
assert new File(basedir, 'target/maven-test-skip/bundle/rules.ndjson').isFile()
assert !new File(basedir, 'target/maven-test-skip/reports').exists()
return true
