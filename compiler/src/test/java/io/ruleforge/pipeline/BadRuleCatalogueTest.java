package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.load.LoadCodes;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The catalogue of broken rule files ({@code src/test/resources/bad-rules/}): each goes through the whole
 * {@link Ruleforge#validate()} path on its own and must yield the finding {@code expected.tsv} names — at the line
 * and column where the error was put — without an exception escaping, a stack trace in a message, or a hang.
 * A directory holds the files of one case that needs several (duplicates across files).
 */
class BadRuleCatalogueTest {

    /** Guards against hangs (a parser looping on hostile input); not a speed target. */
    private static final Duration PER_CASE = Duration.ofSeconds(10);
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$.]+\\([\\w$]*\\.java:\\d+\\)|\\bat [\\w$]+\\.[\\w$.]+\\(");
    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b[\\w.]+(Exception|Error)\\b(:|$)");

    @TempDir
    Path temp;

    /** One line of expected.tsv. */
    record Expected(String file, String code, int line, int column, Severity severity) {
        static Expected parse(String tsvLine) {
            String[] f = tsvLine.split("\t");
            return new Expected(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Severity.valueOf(f[4].toUpperCase()));
        }

        String caseRoot() {
            int slash = file.indexOf('/');
            return slash < 0 ? file : file.substring(0, slash);
        }

        String describe() {
            return file + ":" + line + ":" + column + " " + severity.label() + " [" + code + "]";
        }
    }

    static Path catalogue() throws URISyntaxException {
        return Path.of(BadRuleCatalogueTest.class.getResource("/bad-rules/expected.tsv").toURI()).getParent();
    }

    static List<Expected> expectations() throws Exception {
        return Files.readAllLines(catalogue().resolve("expected.tsv"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(Expected::parse)
                .toList();
    }

    @Test
    void theCatalogueIsLargeAndEveryEntryHasAnExpectation() throws Exception {
        List<Expected> expected = expectations();
        Set<String> roots;
        try (Stream<Path> entries = Files.list(catalogue())) {
            roots = entries.map(p -> p.getFileName().toString()).filter(n -> !n.equals("expected.tsv"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(expected).hasSizeGreaterThanOrEqualTo(60);
        Set<String> expectedRoots = expected.stream().map(Expected::caseRoot).collect(Collectors.toCollection(TreeSet::new));
        assertThat(expectedRoots).isEqualTo(roots);
        assertThat(expected.stream().map(Expected::file).distinct().count()).isEqualTo(expected.size());
    }

    @TestFactory
    Stream<DynamicTest> everyBrokenFileGivesItsFindingWhereTheErrorIs() throws Exception {
        return expectations().stream().map(e -> DynamicTest.dynamicTest(e.file(), () -> {
            Path rules = temp.resolve(e.caseRoot().replace('.', '_'));
            copy(catalogue().resolve(e.caseRoot()), rules.resolve(e.caseRoot()));
            List<Diagnostic> found = validateWithinBound(rules);
            assertThat(found)
                    .as("findings for %s (expected %s)", e.file(), e.describe())
                    .anySatisfy(d -> {
                        assertThat(d.code()).isEqualTo(e.code());
                        assertThat(d.position().file()).isEqualTo(e.file());
                        assertThat(d.position().line()).isEqualTo(e.line());
                        assertThat(d.position().column()).isEqualTo(e.column());
                        assertThat(d.severity()).isEqualTo(e.severity());
                    });
        }));
    }

    @Test
    void aFiftyMegabyteFileIsRefusedBeforeParsing() throws Exception {
        Path rules = temp.resolve("huge");
        Files.createDirectories(rules);
        byte[] line = "description = \"padding padding padding padding padding padding padding padding\"\n"
                .getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(rules.resolve("huge.toml"))) {
            out.write("[rule]\n".getBytes(StandardCharsets.UTF_8));
            for (long written = 0; written < 50L * 1024 * 1024; written += line.length) {
                out.write(line);
            }
        }
        List<Diagnostic> found = validateWithinBound(rules);
        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(LoadCodes.TOO_LARGE);
            assertThat(d.position().file()).isEqualTo("huge.toml");
            assertThat(d.isError()).isTrue();
        });
    }

    @Test
    void aHundredThousandLevelsOfNestingAreASyntaxErrorNotACrash() throws Exception {
        Path rules = temp.resolve("deep");
        Files.createDirectories(rules);
        int depth = 100_000;
        Files.writeString(rules.resolve("deep.toml"), "[rule]\nmeta = " + "[".repeat(depth) + "]".repeat(depth) + "\n");
        Files.writeString(rules.resolve("deep.yaml"), "rule:\n  meta: " + "[".repeat(depth) + "]".repeat(depth) + "\n");
        List<Diagnostic> found = validateWithinBound(rules);
        assertThat(found).extracting(d -> d.position().file() + " " + d.code() + " " + d.position().line())
                .containsExactlyInAnyOrder("deep.toml " + LoadCodes.TOML_SYNTAX + " 2", "deep.yaml " + LoadCodes.YAML_SYNTAX + " 2");
    }

    /** Runs the full validate path; every finding must be one clean line. */
    private List<Diagnostic> validateWithinBound(Path rules) {
        Path out = temp.resolve("out-" + rules.getFileName());
        StageReport report = assertTimeoutPreemptively(PER_CASE, () -> new Ruleforge(new RuleforgeOptions(rules, out, out, rules,
                List.of(), KibanaVersion.DEFAULT, "ecs", false)).validate());
        for (Diagnostic d : report.diagnostics()) {
            for (String text : List.of(d.message(), d.hint())) {
                assertThat(text).as("one line, no stack trace: %s", d).doesNotContain("\n", "\r");
                assertThat(STACK_FRAME.matcher(text).find()).as("stack frame in %s", d).isFalse();
                assertThat(EXCEPTION_NAME.matcher(text).find()).as("exception name in %s", d).isFalse();
            }
            if (d.code().startsWith("RF2") || d.code().startsWith("RF41")) {
                assertThat(d.hint()).as("a schema or ATT&CK finding says how to fix it: %s", d).isNotBlank();
            }
        }
        return report.diagnostics();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        }
    }
}
