package io.ruleforge;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library's shape, checked on its sources: one package per stage, data flowing one way — a stage imports only
 * the stages before it (or the shared packages underneath), and no two packages import each other, directly or
 * around a cycle. A new top-level package must be given its place here.
 */
class LayeringTest {

    /** Stage order, earliest first; packages on one line may not import each other either way round a cycle. */
    private static final List<List<String>> STAGES = List.of(
            List.of("diag", "files", "net", "attack", "version", "ql"),
            List.of("fields"),
            List.of("load"),
            List.of("rule"),
            List.of("validate"),
            List.of("kql", "eql", "esql", "lucene"),
            List.of("dsl", "eqlgen"),
            List.of("compile"),
            List.of("evaluate"),
            List.of("harness"),
            List.of("report", "bundle", "replay", "backtest"),
            List.of("state"),
            List.of("diff"),
            List.of("pipeline"),
            List.of("cli"));

    private static final Path SOURCES = Path.of("src/main/java/io/ruleforge");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.ruleforge\\.([a-z0-9_.]+?)\\.[A-Z]", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package io\\.ruleforge\\.([a-z0-9_.]+);", Pattern.MULTILINE);

    @Test
    void everyImportPointsToTheSameOrAnEarlierStage() throws IOException {
        List<String> violations = new ArrayList<>();
        Map<String, Set<String>> graph = importGraph();
        graph.forEach((from, targets) -> {
            for (String to : targets) {
                if (rank(to) > rank(from)) {
                    violations.add(from + " imports " + to + ", a later stage");
                }
            }
        });
        assertThat(violations).isEmpty();
    }

    @Test
    void noPackageCycles() throws IOException {
        Map<String, Set<String>> graph = importGraph();
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            findCycle(graph, start, start, new ArrayList<>(List.of(start)), new HashSet<>(), cycles);
        }
        assertThat(cycles).isEmpty();
    }

    @Test
    void theCheckSeesTheWholeLibrary() throws IOException {
        // guards against the test passing because it read nothing: the stages it knows are all there
        Set<String> tops = new TreeSet<>();
        importGraph().keySet().forEach(p -> tops.add(top(p)));
        assertThat(tops).contains("load", "validate", "kql", "eql", "dsl", "compile", "evaluate", "harness", "pipeline", "cli");
    }

    private static void findCycle(Map<String, Set<String>> graph, String start, String at, List<String> path,
                                  Set<String> seen, List<String> cycles) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                if (start.equals(path.stream().min(String::compareTo).orElseThrow())) { // report each cycle once
                    cycles.add(String.join(" -> ", path) + " -> " + start);
                }
            } else if (seen.add(next)) {
                path.add(next);
                findCycle(graph, start, next, path, seen, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    private static int rank(String pkg) {
        String top = top(pkg);
        for (int i = 0; i < STAGES.size(); i++) {
            if (STAGES.get(i).contains(top)) {
                return i;
            }
        }
        throw new AssertionError("package io.ruleforge." + pkg + " has no place in LayeringTest.STAGES: give it one");
    }

    private static String top(String pkg) {
        int dot = pkg.indexOf('.');
        return dot < 0 ? pkg : pkg.substring(0, dot);
    }

    /** Package → the other io.ruleforge packages its sources import. */
    private static Map<String, Set<String>> importGraph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(text);
                if (!pkg.find()) {
                    continue;
                }
                Set<String> targets = graph.computeIfAbsent(pkg.group(1), k -> new TreeSet<>());
                Matcher imp = IMPORT.matcher(text);
                while (imp.find()) {
                    if (!imp.group(1).equals(pkg.group(1))) {
                        targets.add(imp.group(1));
                    }
                }
            }
        }
        return graph;
    }
}
