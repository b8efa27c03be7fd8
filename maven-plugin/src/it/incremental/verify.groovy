// Three builds of the same rules. The second finds every rule up to date: nothing is compiled, tested or written
// again, and each rule is reported as the first build reported it. The third (incremental=false, into full-build/)
// recomputes everything and writes what the incremental builds left behind, to the byte.
def log = new File(basedir, 'build.log').getText('UTF-8')
def runs = log.split(/(?m)^.*\[INFO\] Scanning for projects\.\.\.$/).findAll { it.contains('Building it-incremental') }
assert runs.size() == 3 : "expected 3 invocations, found ${runs.size()}"
runs.each { assert it.contains('BUILD SUCCESS') }

def count = { String run, String regex -> run.readLines().count { it ==~ regex } }
def goals = 4 // validate, compile, test, bundle
assert count(runs[0], /\[INFO\] 2 rules: 2 recomputed, 0 up to date \(state in .*ruleforge.state\)/) == goals
assert count(runs[1], /\[INFO\] 2 rules: 0 recomputed, 2 up to date \(state in .*ruleforge.state\)/) == goals
assert count(runs[2], /\[INFO\] 2 rules: 2 recomputed \(incremental build off\)/) == goals

assert count(runs[0], /\[INFO\] bundle: 2 rules written to .*rules\.ndjson.*/) == 1
assert count(runs[1], /\[INFO\] bundle up to date: 2 rules in .*rules\.ndjson.*/) == 1
assert !runs[1].contains('bundle: 2 rules written')

// what the second build reports is what the first computed
def reported = { String run -> run.readLines().findAll { it ==~ /\[INFO\] (PASS|     validated|2 rules (validated|compiled|tested)).*/ } }
assert reported(runs[0]).size() == 7
assert reported(runs[1]) == reported(runs[0])

def files = { File root ->
    def found = [:]
    root.eachFileRecurse(groovy.io.FileType.FILES) { f ->
        def name = root.toPath().relativize(f.toPath()).toString().replace('\\', '/')
        if (!name.startsWith('state/')) {
            found[name] = f.bytes
        }
    }
    found
}
def incremental = files(new File(basedir, 'target/ruleforge'))
def full = files(new File(basedir, 'full-build'))
assert incremental.keySet() == full.keySet()
assert incremental.keySet().containsAll(['compiled/certutil_network_connection.json', 'reports/TEST-ruleforge.mshta_network_connection.xml',
                                         'bundle/rules.ndjson', 'bundle.zip'])
full.each { name, bytes -> assert incremental[name] == bytes : "${name} differs from a full build" }
return true
