// ruleforge:help -Ddetail -Dgoal=test: the goal's description and every settable parameter with its javadoc,
// user property and default, as Maven renders them from the descriptor.
def log = new File(basedir, 'build.log').getText('UTF-8')
def lines = log.readLines()

def start = lines.indexOf('ruleforge:test')
assert start >= 0 : 'the test goal is not described'
assert lines[start + 1].trim().startsWith('Runs every rule on its fixture events')
assert lines.indexOf('  Available parameters:') > start
// only the requested goal
assert !lines.contains('ruleforge:validate') && !lines.contains('ruleforge:bundle')

// parameter blocks: "    name (Default: x)" then lines indented by 6
def params = [:]
def current = null
lines.subList(start, lines.size()).each { line ->
    def header = line =~ /^    (\w+)( \(Default: (.*)\))?$/
    if (header) {
        current = header.group(1)
        params[current] = [default: header.group(3), text: []]
    } else if (current != null && line.startsWith('      ')) {
        params[current].text << line.trim()
    } else if (!line.isBlank()) {
        current = null
    }
}
assert params.keySet() == ['caCert', 'caFingerprint', 'cloudId', 'connectTimeout', 'engineUrl', 'esqlVersion', 'exceptionsDirectory', 'failOnWarning',
                           'fixturesDirectory', 'incremental', 'kibanaVersion', 'mappings', 'mavenTestSkip', 'outputDirectory',
                           'quiet', 'requestTimeout', 'retries', 'retryTime', 'rulesDirectory', 'schema', 'skip', 'skipTests'] as Set

params.each { name, p ->
    def description = p.text.takeWhile { !it.startsWith('Required:') && !it.startsWith('User property:') }.join(' ')
    assert !description.isBlank() : "${name} has no description"
    // Maven's own switches keep Maven's names
    def property = [skipTests: 'skipTests', mavenTestSkip: 'maven.test.skip'][name] ?: "ruleforge.${name}"
    assert p.text.contains("User property: ${property}".toString()) : "${name}: ${p.text}"
}
def describe = { name -> params[name].text.takeWhile { !it.startsWith('Required:') && !it.startsWith('User property:') }.join(' ') }
assert describe('fixturesDirectory') == 'Directory of fixture folders, one per rule, named after the rule file without its extension and holding positive.ndjson and negative.ndjson.'
assert describe('skip') == 'Skip every ruleforge goal.'
assert params.rulesDirectory.default == '${project.basedir}/src/rules'
assert params.rulesDirectory.text.contains('Required: Yes')
assert params.kibanaVersion.default == '8.12'
assert params.esqlVersion.default == '9'
assert params.incremental.default == 'true'
assert params.retries.default == '3' && params.connectTimeout.default == '10'
assert describe('incremental').startsWith('Recompute only the rules whose inputs changed since the last build.')
// read-only parameters are not offered
assert !params.containsKey('executionRoot') && !params.containsKey('buildDirectory')
assert !params.containsKey('project') && !params.containsKey('mojoExecution')
return true
