// The example repository builds green with both rules tested, and leaves what the CI templates pick up.
import groovy.json.JsonSlurper

def ItBuild = this.class.classLoader.parseClass(new File(itSupport, 'ItBuild.groovy'))
def runs = ItBuild.invocations(basedir, 'example-detection-rules')
assert runs.size() == 2 : "expected 2 invocations, found ${runs.size()}"
runs.eachWithIndex { run, i -> assert run.contains('BUILD SUCCESS') : "invocation ${i + 1} failed" }

def build = ItBuild.goals(runs[0], 'example-detection-rules')
assert build.keySet() as List == ['validate', 'compile', 'test', 'bundle']
assert build.validate.contains('[INFO] 2 rules validated: 0 errors, 0 warnings') : build.validate
assert build.test.contains('[INFO] PASS src/rules/whoami_discovery.toml — Whoami Discovery') : build.test
assert build.test.contains('[INFO] PASS src/rules/rundll32_without_arguments.toml — Rundll32 Without Arguments') : build.test
assert build.test.any { it.startsWith('[INFO] 2 rules tested: 2 passed, 0 failed') } : build.test

// where the CI templates (docs/ci/) pick the results up
def out = new File(basedir, 'target/ruleforge')
['whoami_discovery', 'rundll32_without_arguments'].each { rule ->
    def report = new File(out, "reports/TEST-ruleforge.${rule}.xml")
    assert report.isFile() : "no JUnit report ${report}"
    def suite = new groovy.xml.XmlSlurper().parse(report)
    assert suite.@failures.text() == '0' && suite.@errors.text() == '0' && suite.@tests.text().toInteger() > 0
}
def sarif = new JsonSlurper().parse(new File(out, 'ruleforge.sarif'))
assert sarif.runs[0].tool.driver.version == pluginVersion
def bundle = new File(out, 'bundle/rules.ndjson').readLines('UTF-8')
assert bundle.size() == 3 : 'two rules and the export-details line'
def manifest = new JsonSlurper().parse(new File(out, 'bundle/manifest.json'))
assert manifest.ruleforge.version == pluginVersion
assert manifest.rules*.name as Set == ['Whoami Discovery', 'Rundll32 Without Arguments'] as Set

// the version goal names the ruleforge the build ran, the plugin's own version (and the commit it was built from)
def version = runs[1].readLines().find { it.startsWith('[INFO] ruleforge ') }
assert version ==~ /\[INFO\] ruleforge ${java.util.regex.Pattern.quote(pluginVersion)}( \(commit [0-9a-f]{7,40}\))?/ : runs[1]
assert !runs[1].contains('a dependency override')
