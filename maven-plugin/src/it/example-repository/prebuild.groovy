// Copies the example rules repository (examples/rules-repository, pom included) over this IT's placeholder, and
// checks that the example uses the plugin of this build's version, so it cannot fall behind a release.
def example = new File(examplesDirectory, 'rules-repository')
assert new File(example, 'pom.xml').isFile() : "no example at ${example}"
example.eachFileRecurse { file ->
    if (file.isFile() && !file.path.contains("${File.separator}target${File.separator}")) {
        def copy = new File(basedir, example.toPath().relativize(file.toPath()).toString())
        copy.parentFile.mkdirs()
        copy.bytes = file.bytes
    }
}
def pom = new groovy.xml.XmlSlurper().parse(new File(basedir, 'pom.xml'))
assert pom.artifactId.text() == 'example-detection-rules'
assert pom.properties.'ruleforge.version'.text() == pluginVersion :
        "examples/rules-repository/pom.xml uses ruleforge ${pom.properties.'ruleforge.version'.text()}, this build is ${pluginVersion}"
return true
