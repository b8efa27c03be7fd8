// What the IT scripts share (not an IT: it has no pom.xml). A script loads it through the scriptVariable
// itSupport that maven-plugin/pom.xml sets:
//     def ItBuild = this.class.classLoader.parseClass(new File(itSupport, 'ItBuild.groovy'))
class ItBuild {

    /** The invocations of an IT's build, in order: its invoker.goals.N all append to one build.log. */
    static List<String> invocations(File basedir, String artifactId) {
        def log = new File(basedir, 'build.log').getText('UTF-8')
        log.split(/(?m)^.*\[INFO\] Scanning for projects\.\.\.$/).findAll { it.contains("Building ${artifactId}") }
    }

    /**
     * What each ruleforge goal logged in one invocation: goal name -> its lines, in order (a multi-line message,
     * e.g. a warning with its hint, gives one entry per line).
     */
    static Map<String, List<String>> goals(String invocation, String artifactId) {
        def byGoal = [:]
        def current = null
        invocation.readLines().each { line ->
            def header = line =~ /--- ruleforge-maven-plugin:[^:]+:(\w+) \(default(?:-cli)?\) @ ${artifactId} ---/
            if (header) {
                current = header.group(1)
                byGoal[current] = []
            } else if (line.startsWith('[INFO] ---') || line.startsWith('[INFO] BUILD')) {
                current = null
            } else if (current != null && line.trim() != '[INFO]' && !(line =~ /^\[INFO\] Download(ing|ed) from /)) {
                // (artifact downloads into the IT repository interleave with a goal's output on a cold cache)
                byGoal[current] << line
            }
        }
        byGoal
    }

    /**
     * Runs git on the repository in {@code basedir} and returns its output; fails the script when git fails.
     * --git-dir and --work-tree: git must never find the repository the IT's copy lies in.
     */
    static String git(File basedir, String... args) {
        def command = ['git', '--git-dir=' + new File(basedir, '.git'), '--work-tree=' + basedir] + (args as List)
        def process = new ProcessBuilder(command).directory(basedir).redirectErrorStream(true).start()
        def output = process.inputStream.getText('UTF-8')
        assert process.waitFor() == 0 : "${command.join(' ')} failed:\n${output}"
        output
    }
}
