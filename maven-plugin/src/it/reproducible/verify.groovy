// Two builds of the same rules, seconds apart (the first writes to first-build/, the second is install):
// every bundle file is the same to the byte, and install publishes the bundle zip with classifier "rules".
def log = new File(basedir, 'build.log').getText('UTF-8')
def runs = log.split(/(?m)^.*\[INFO\] Scanning for projects\.\.\.$/).findAll { it.contains('Building it-reproducible') }
assert runs.size() == 2 : "expected 2 invocations, found ${runs.size()}"
runs.each { assert it.contains('BUILD SUCCESS') }

def first = new File(basedir, 'first-build')
def second = new File(basedir, 'target/ruleforge')
['bundle.zip', 'bundle/rules.ndjson', 'bundle/manifest.json',
 'bundle/rules/0b7c3b5e-2f0e-4c1a-9a51-6a3d2c1e7f01.json', 'bundle/rules/0b7c3b5e-2f0e-4c1a-9a51-6a3d2c1e7f02.json'].each { name ->
    def a = new File(first, name)
    def b = new File(second, name)
    assert a.isFile() && b.isFile() : "missing ${name}"
    assert a.bytes == b.bytes : "${name} differs between two builds"
}

def installed = new File(localRepositoryPath, 'io/ruleforge/it/it-reproducible/1.0/it-reproducible-1.0-rules.zip')
assert installed.isFile() : "bundle zip not installed at ${installed}"
assert installed.bytes == new File(second, 'bundle.zip').bytes
def manifest = new java.util.zip.ZipFile(installed).with { z -> z.getInputStream(z.getEntry('manifest.json')).text }
def entries = new groovy.json.JsonSlurper().parseText(manifest).rules
assert entries*.rule_id == ['0b7c3b5e-2f0e-4c1a-9a51-6a3d2c1e7f01', '0b7c3b5e-2f0e-4c1a-9a51-6a3d2c1e7f02']
assert entries.every { it.sha256 ==~ /[0-9a-f]{64}/ }
