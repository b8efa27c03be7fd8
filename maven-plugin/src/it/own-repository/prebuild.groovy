// Makes this project what a team's rules repository is on a pull request's branch: a git repository whose last
// commit holds the rules as released (each locked at version 1), and one rule's query changed since.
def ItBuild = this.class.classLoader.parseClass(new File(itSupport, 'ItBuild.groovy'))
def git = { String... args -> ItBuild.git(basedir, args) }
// --git-dir and --work-tree everywhere: git must never find the repository this IT's copy lies in
assert !new File(basedir, '.git').exists()
def init = new ProcessBuilder('git', 'init', '-q', basedir.path).redirectErrorStream(true).start()
assert init.waitFor() == 0 : init.inputStream.getText('UTF-8')
assert new File(basedir, '.git/HEAD').isFile()
git 'config', 'user.name', 'ruleforge IT'
git 'config', 'user.email', 'it@ruleforge.invalid'
git 'config', 'commit.gpgsign', 'false'
// what the build and invoker write is not the repository's (invoker's copy drops a .gitignore, so it is written here)
new File(basedir, '.gitignore').setText('target/\nbuild.log\n', 'UTF-8')
git 'add', '-A'
git 'commit', '-q', '-m', 'Rules as released'

// the change under review: an exclusion added to the certutil rule's query
def rule = new File(basedir, 'src/rules/certutil_network_connection.toml')
def query = 'process.name:certutil.exe and event.action:"Network connection detected (rule: NetworkConnect)"'
def text = rule.getText('UTF-8')
assert text.contains(query + '\n')
rule.setText(text.replace(query + '\n', query + ' and not user.name:svc_pki\n'), 'UTF-8')
assert git('status', '--porcelain').readLines() == [' M src/rules/certutil_network_connection.toml']
return true
