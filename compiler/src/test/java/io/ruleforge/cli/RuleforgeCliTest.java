package io.ruleforge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RuleforgeCliTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RuleforgeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void validateSucceedsOnTheProjectsRules() {
        Run r = run("validate", "--rules", "../rules", "--fixtures", "../test-fixtures", "--out", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(RuleforgeCli.EXIT_OK);
        assertThat(r.out()).contains("13 rules validated: 0 errors, 4 warnings");
    }

    @Test
    void validateWithoutOutKeepsNoBuildStateUnderTheWorkingDirectory() throws Exception {
        // the default --out is target/ruleforge below the working directory (compiler/ in this build)
        Path defaultState = Path.of("target/ruleforge/state");
        deleteTree(defaultState);
        Run r = run("validate", "--rules", "../rules", "--fixtures", "../test-fixtures");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(RuleforgeCli.EXIT_OK);
        assertThat(r.out()).contains("13 rules: 13 recomputed (no build state kept: give an output directory to build incrementally)");
        assertThat(defaultState).doesNotExist();

        // asked for an output directory, validate builds incrementally there
        run("validate", "--rules", "../rules", "--fixtures", "../test-fixtures", "--out", dir.toString());
        assertThat(dir.resolve("state")).isDirectory();
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (java.nio.file.Files.exists(root)) {
            try (var paths = java.nio.file.Files.walk(root)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
        }
    }

    @Test
    void everyStageRunsOnTheProjectsRulesAndWritesItsOutputs() {
        Run last = null;
        for (String stage : new String[] {"compile", "test", "bundle"}) {
            last = run(stage, "--rules", "../rules", "--fixtures", "../test-fixtures", "--out", dir.toString());
            assertThat(last.exit()).as(stage + ": " + last.out() + last.err()).isEqualTo(RuleforgeCli.EXIT_OK);
        }
        assertThat(dir.resolve("compiled/command_prompt_network_connection.json")).exists();
        assertThat(dir.resolve("reports/TEST-ruleforge.network_connection_via_regsvr.xml")).exists();
        assertThat(dir.resolve("bundle/rules.ndjson")).exists();
        // the zip lies beside the bundle folder, and the line says where
        assertThat(dir.resolve("bundle.zip")).exists();
        assertThat(last.out()).contains("bundle: 13 rules written to " + dir.resolve("bundle/rules.ndjson")
                + " (with a manifest and one JSON per rule; zipped as " + dir.resolve("bundle.zip") + ")");
    }

    @Test
    void quietPrintsErrorsOnlyUnlessWarningsFailTheBuild() {
        Run quiet = run("validate", "--rules", "../rules", "--out", dir.toString(), "--quiet");
        assertThat(quiet.exit()).isEqualTo(RuleforgeCli.EXIT_OK);
        assertThat(quiet.out()).doesNotContain("warning:").contains("4 warnings and 0 notes not shown (quiet)");

        Run failing = run("validate", "--rules", "../rules", "--out", dir.toString(), "--quiet", "--fail-on-warning");
        assertThat(failing.exit()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(failing.out().lines().filter(l -> l.contains(": warning: ")).count()).as(failing.out()).isEqualTo(4);
        assertThat(failing.out()).doesNotContain("not shown (quiet)");
    }

    @Test
    void aSecondRunReportsTheRulesUpToDateUnlessToldToRecomputeThemAll() {
        String[] test = {"test", "--rules", "../rules", "--fixtures", "../test-fixtures", "--out", dir.toString()};
        assertThat(run(test).out()).contains("13 rules: 13 recomputed, 0 up to date (state in " + dir.resolve("state") + ")");

        Run again = run(test);
        assertThat(again.exit()).isEqualTo(RuleforgeCli.EXIT_OK);
        assertThat(again.out()).contains("13 rules tested: 13 passed, 0 failed", "13 rules: 0 recomputed, 13 up to date");

        Run full = run(java.util.stream.Stream.concat(java.util.Arrays.stream(test), java.util.stream.Stream.of("--no-incremental"))
                .toArray(String[]::new));
        assertThat(full.exit()).isEqualTo(RuleforgeCli.EXIT_OK);
        assertThat(full.out()).contains("13 rules tested: 13 passed, 0 failed", "13 rules: 13 recomputed (incremental build off)");
        // the on-demand commands always work on every rule: they do not take the option
        assertThat(run("diff", "--base", "HEAD", "--no-incremental").exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
    }

    @Test
    void errorsInRulesExitWithOneAndArePrintedLikeACompiler() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("x.toml"), "[metadata]\n[rule]\nrisk_score = 500\n");
        Run r = run("validate", "--rules", rules.toString(), "--out", dir.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(r.out()).contains("x.toml:3:14: error: rule.risk_score must be between 0 and 100, found 500 [RF2006]");
        assertThat(r.out()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void withoutRulesFolderOrOptionTheRunSaysWhereItLooked() {
        // the tests run in compiler/, which has neither rules/ nor src/rules/
        Run r = run("validate", "--out", dir.toString());
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(r.out()).startsWith("ruleforge: no rules folder here: looked for rules/ and src/rules/; give one with --rules DIR"
                + System.lineSeparator());
        assertThat(r.out()).contains("rules: error: rules directory does not exist [RF1001]");
        Run file = run("validate", "--rules", "../rules/encoded_powershell_command.toml", "--out", dir.toString());
        assertThat(file.exit()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(file.out()).contains("error: rules directory is not a directory (--rules names a folder of rule files) [RF1001]");
    }

    @Test
    void anOutputDirectoryThatIsAFileFailsWithOneDiagnosticAndTheFindingsNotAStackTrace() throws Exception {
        Path file = Files.writeString(dir.resolve("out"), "x");
        for (String stage : new String[] {"validate", "compile", "test", "bundle"}) {
            Run r = run(stage, "--rules", "../rules", "--fixtures", "../test-fixtures", "--out", file.toString());
            assertThat(r.exit()).as(stage).isEqualTo(RuleforgeCli.EXIT_FAILED);
            assertThat(r.out()).contains(": error: cannot write the output directory: is a file, expected a directory [RF9001]")
                    .contains("[RF4106]", "13 rules");
            assertThat(r.out() + r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aReviewFileInTheWayIsOneLineNamingItNotAStackTrace() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out/diff.md/in-the-way"));
        Run r = run("diff", "--base", "HEAD", "--rules", "../rules", "--fixtures", "../test-fixtures", "--out", dir.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        // one finding naming it, as any output in the way; the SARIF still holds the findings
        assertThat(r.out()).contains(": error: cannot write the review (diff.md, diff.json): is a directory, expected a file [RF9001]")
                .contains("diff not written");
        assertThat(dir.resolve("out/ruleforge.sarif")).isRegularFile();
        assertThat(r.out() + r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void inlineStatsIsAPositionedSyntaxErrorUnderEsql819AndValidUnder9() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        String rule = Files.readString(Path.of("../rules/password_spraying_from_one_source_esql.toml"));
        assertThat(rule).contains("\n| stats Esql.failure_count");
        Files.writeString(dir.resolve("rules/spraying.toml"),
                rule.replace("\n| stats Esql.failure_count", "\n| inline stats Esql.failure_count"));
        String rules = dir.resolve("rules").toString();

        Run old = run("validate", "--rules", rules, "--fixtures", dir.resolve("none").toString(),
                "--out", dir.resolve("out819").toString(), "--esql-version", "8.19");
        assertThat(old.exit()).as(old.out() + old.err()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        // the query opens on line 31 of the file, after query = '''; "inline" opens its third line
        assertThat(old.out()).contains("spraying.toml:33:3: error: ES|QL syntax error (8.19): INLINE STATS is ES|QL 9.x "
                + "syntax, not in 8.19").contains("[RF3501]");

        Run current = run("validate", "--rules", rules, "--fixtures", dir.resolve("none").toString(),
                "--out", dir.resolve("out9").toString(), "--esql-version", "9");
        assertThat(current.out()).as(current.out() + current.err()).doesNotContain("RF3501");
    }

    @Test
    void theEsqlVersionChangesNothingForRulesValidUnderBoth() throws Exception {
        // the project's ES|QL rules use no 9.x-only syntax: every output of compile is the same under 8.19 and 9
        Run old = run("compile", "--rules", "../rules", "--fixtures", "../test-fixtures",
                "--out", dir.resolve("a").toString(), "--esql-version", "8.19");
        Run current = run("compile", "--rules", "../rules", "--fixtures", "../test-fixtures",
                "--out", dir.resolve("b").toString());
        assertThat(old.exit()).as(old.out() + old.err()).isEqualTo(RuleforgeCli.EXIT_OK);
        assertThat(old.out().replace(dir.resolve("a").toString(), "OUT"))
                .isEqualTo(current.out().replace(dir.resolve("b").toString(), "OUT"));
        assertThat(compiledFiles(dir.resolve("a/compiled"))).isNotEmpty()
                .isEqualTo(compiledFiles(dir.resolve("b/compiled")));
    }

    private static java.util.Map<String, String> compiledFiles(Path root) throws java.io.IOException {
        java.util.Map<String, String> files = new java.util.TreeMap<>();
        try (var paths = Files.walk(root)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }

    @Test
    void aRulesFolderWithoutRuleFilesIsSaidNotPassedSilently() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/README.md"), "our rules\n");
        Run r = run("validate", "--rules", dir.resolve("rules").toString(), "--fixtures", dir.resolve("fixtures").toString(),
                "--out", dir.resolve("out").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(RuleforgeCli.EXIT_OK);
        assertThat(r.out() + r.err()).contains("warning: the rules directory holds no rule file (.toml, .yaml or .yml): nothing"
                + " was validated, tested or bundled [RF1007]");
        Run failing = run("validate", "--fail-on-warning", "--rules", dir.resolve("rules").toString(), "--fixtures",
                dir.resolve("fixtures").toString(), "--out", dir.resolve("out").toString());
        assertThat(failing.exit()).isEqualTo(RuleforgeCli.EXIT_FAILED);
    }

    /**
     * A run refused for its options says why in its SARIF and reports/, replacing the last green run's: a CI system
     * that shows the reports of the failed build shows the refusal, never green tests (probe29).
     */
    @Test
    void aRefusedRunReplacesTheLastGreenRunsReportsWithTheReason() throws Exception {
        String[] test = {"test", "--rules", "../rules", "--fixtures", "../test-fixtures", "--out", dir.toString()};
        assertThat(run(test).exit()).isEqualTo(RuleforgeCli.EXIT_OK);
        assertThat(dir.resolve("reports/TEST-ruleforge.network_connection_via_regsvr.xml")).exists();

        String[] badVersion = java.util.Arrays.copyOf(test, test.length + 2);
        badVersion[test.length] = "--kibana";
        badVersion[test.length + 1] = "6.8";
        assertThat(run(badVersion).exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(Files.readString(dir.resolve("ruleforge.sarif"))).contains("\"RF1008\"", "unsupported Kibana version");
        try (java.util.stream.Stream<Path> reports = Files.list(dir.resolve("reports"))) {
            assertThat(reports.map(p -> p.getFileName().toString())).containsExactly("TEST-ruleforge.build.xml");
        }
        assertThat(Files.readString(dir.resolve("reports/TEST-ruleforge.build.xml")))
                .contains("errors=\"1\"", "unsupported Kibana version", "the run did not start");

        // a mapping file that does not read keeps its own file, line and column in the SARIF
        Path mapping = dir.resolve("m.json");
        Files.writeString(mapping, "{\"mappings\":{\"properties\":{\"a\":{\"type\":\"keyword\"},}}}");
        String[] badMapping = java.util.Arrays.copyOf(test, test.length + 2);
        badMapping[test.length] = "--mapping";
        badMapping[test.length + 1] = mapping.toString();
        assertThat(run(badMapping).exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(Files.readString(dir.resolve("ruleforge.sarif"))).contains("\"RF4010\"", "\"startLine\" : 1");
    }

    @Test
    void badOptionsAreUsageErrors() {
        Run version = run("validate", "--rules", "../rules", "--kibana", "6.8");
        assertThat(version.exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(version.err()).contains("unsupported Kibana version \"6.8\"");
        Run schema = run("validate", "--rules", "../rules", "--schema", "cim");
        assertThat(schema.exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(schema.err()).contains("unknown schema \"cim\"");
        // a part written as a file that is not there is a missing file, not an unknown schema
        Run missing = run("validate", "--rules", "../rules", "--schema", "ecs,nosuch.json");
        assertThat(missing.exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(missing.err()).contains("mapping file nosuch.json does not exist");
        Run esql = run("validate", "--rules", "../rules", "--esql-version", "8.18");
        assertThat(esql.exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(esql.err()).contains("unsupported ES|QL version \"8.18\"; supported: 8.19, 9");
        assertThat(run("frobnicate").exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        // replay's numbers: a budget below 0 would fail every rule, 0 threads would silently be 1
        String[] replay = {"replay", "--rules", "../rules", "--fixtures", "../test-fixtures", "--out", dir.toString(),
                "--events", "../test-fixtures"};
        java.util.Map<String, String> refused = java.util.Map.of(
                "--max-alerts=-1", "the alert budget (--max-alerts, maxAlerts) must be 0 or more, found -1",
                "--threads=0", "--threads must be between 1 and 256, found 0",
                "--threads=99999", "--threads must be between 1 and 256, found 99999",
                "--samples=-1", "--samples must be 0 or more, found -1");
        refused.forEach((option, message) -> {
            String[] args = java.util.Arrays.copyOf(replay, replay.length + 1);
            args[replay.length] = option;
            Run r = run(args);
            assertThat(r.exit()).as(option).isEqualTo(RuleforgeCli.EXIT_USAGE);
            assertThat(r.err()).as(option).isEqualTo("ruleforge: " + message + System.lineSeparator());
        });
    }

    @Test
    void diffWithoutABaseWhereOriginMainWasNeverFetchedSaysSoAndExitsWithUsage() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.copy(Path.of("../rules/command_prompt_network_connection.toml"), dir.resolve("rules/command_prompt_network_connection.toml"));
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("rules").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
        }
        Run r = run("diff", "--rules", dir.resolve("rules").toString(), "--fixtures", dir.resolve("fixtures").toString(),
                "--out", dir.resolve("out").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(r.err()).startsWith("ruleforge: unknown git revision \"origin/main\" in " + dir.toFile())
                .contains("`git fetch origin main`", "name another with --base <ref>")
                .doesNotContain("Exception", "\tat ");
        assertThat(dir.resolve("out/diff.md")).doesNotExist();
        // a refused run: its SARIF says why (probe29 F3)
        assertThat(Files.readString(dir.resolve("out/ruleforge.sarif"))).contains("\"RF1008\"", "unknown git revision");

        Run againstHead = run("diff", "--base", "HEAD", "--rules", dir.resolve("rules").toString(),
                "--fixtures", dir.resolve("fixtures").toString(), "--out", dir.resolve("out").toString());
        assertThat(againstHead.out()).contains("| changed | 0 |", "| unchanged | 1 |");
    }
}
