// A team's own rules repository through its first pull request (issue #12): the default layout, the lock bump
// committed, a build whose warnings show once, a misnamed fixture file and a rule without fixtures that a green
// build must not hide, and a review against HEAD that finds nothing changed.
import groovy.json.JsonSlurper

def ItBuild = this.class.classLoader.parseClass(new File(itSupport, 'ItBuild.groovy'))
def runs = ItBuild.invocations(basedir, 'detection-rules')
assert runs.size() == 4 : "expected 4 invocations in build.log, found ${runs.size()}"
runs.eachWithIndex { run, i -> assert run.contains('BUILD SUCCESS') : "invocation ${i + 1} failed" }
def goals = { String run -> ItBuild.goals(run, 'detection-rules') }
def git = { String... args -> ItBuild.git(basedir, args) }
def certutil = '0b7c3b5e-2f0e-4c1a-9a51-6a3d2c1e7f01'
def oldName = '[WARNING] src/rules/certutil_network_connection.toml:39:8: warning: ATT&CK technique T1105 is named ' +
        '"Ingress Tool Transfer" in v18.1, found "Remote File Copy" [RF4106]'

// 1. lock: the rule whose query changed goes from version 1 to 2; the others stay as released
def lock = goals(runs[0]).lock
assert lock.contains("[INFO] bumped src/rules/certutil_network_connection.toml (${certutil}) from version 1 to 2".toString())
assert !lock.any { it.contains('mshta_network_connection') || it.contains('rundll32_network_connection') }
def locked = new JsonSlurper().parse(new File(basedir, 'src/rules/version.lock.json'))
assert locked.collectEntries { id, entry -> [id, entry.version] } == [(certutil): 2,
        '0b7c3b5e-2f0e-4c1a-9a51-6a3d2c1e7f02': 1, '0b7c3b5e-2f0e-4c1a-9a51-6a3d2c1e7f03': 1]

// 2. the bump is committed with the change: HEAD holds both and the working tree is clean
assert git('log', '--format=%s').readLines() == ["Bump the changed rule's version (ruleforge:lock)", 'Rules as released']
assert git('show', '--name-only', '--format=', 'HEAD').readLines().findAll { it } as Set ==
        ['src/rules/certutil_network_connection.toml', 'src/rules/version.lock.json'] as Set
assert git('status', '--porcelain').readLines().isEmpty()

// 3. verify, with the plugin's default layout (src/rules, src/test/fixtures, target/ruleforge)
def build = goals(runs[2])
assert build.keySet() as List == ['validate', 'compile', 'test', 'bundle']
// the validation warning is printed once, by the first goal; the later goals count it
assert runs[2].readLines().count { it == oldName } == 1
assert build.validate.contains(oldName)
['compile', 'test', 'bundle'].each { goal ->
    assert build[goal].contains('[WARNING] 1 warning, shown by ruleforge:validate') : "${goal}: ${build[goal]}"
}
// a fixture file named neither positive.ndjson nor negative.ndjson is not silently ignored
assert build.test.any { it.startsWith('[WARNING] ') && it.contains('src/test/fixtures/mshta_network_connection/negatives.ndjson') } :
        "no warning names the misnamed fixture file: ${build.test}"
// a rule with no fixtures is reported, and not as passing
assert build.test.any { it.startsWith('[WARNING] src/rules/rundll32_network_connection.toml:') && it.endsWith('[RF6002]') }
def rundll32 = build.test.findAll { it =~ /^\[(INFO|WARNING|ERROR)\] \S+ src\/rules\/rundll32_network_connection\.toml — / }
assert rundll32.size() == 1 : "no summary line for the rule without fixtures: ${build.test}"
assert !rundll32[0].startsWith('[INFO] PASS ') : "a rule without fixtures is reported as passing: ${rundll32[0]}"
assert rundll32[0].startsWith('[WARNING] ') : "a rule without evidence is logged below warning level: ${rundll32[0]}"
assert build.test.contains('[INFO] PASS src/rules/certutil_network_connection.toml — Certutil Network Connection')
// where CI picks the results up (README, quick start)
def out = new File(basedir, 'target/ruleforge')
assert new File(out, 'reports/TEST-ruleforge.certutil_network_connection.xml').isFile()
assert new File(out, 'ruleforge.sarif').isFile()
def bundled = new File(out, 'bundle/rules.ndjson').readLines('UTF-8').findAll { !it.isBlank() }.collect { new JsonSlurper().parseText(it) }
assert bundled.findAll { it.rule_id }.collectEntries { [it.rule_id, it.version] } == [(certutil): 2,
        '0b7c3b5e-2f0e-4c1a-9a51-6a3d2c1e7f02': 1, '0b7c3b5e-2f0e-4c1a-9a51-6a3d2c1e7f03': 1]

// 4. diff against HEAD, which holds exactly the working tree: nothing added, removed or changed
def diff = new JsonSlurper().parse(new File(out, 'diff.json'))
assert diff.added == [] && diff.removed == []
assert diff.changed.collect { it.file } == [] : "a committed lock bump shows as a change against HEAD: ${diff.changed}"
assert diff.unchanged == 3
// run on its own, the diff goal prints every warning itself
assert goals(runs[3]).diff.contains(oldName)
return true
