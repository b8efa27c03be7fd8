package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.EsqlParseResult;
import io.ruleforge.esql.EsqlParser;
import io.ruleforge.esql.EsqlVersion;
import io.ruleforge.esql.ast.Command;
import io.ruleforge.esql.ast.DataType;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.testing.SharedFolder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs Elasticsearch's own csv-spec tests ({@code ../shared/conformance/esql}, read in place, never copied) through
 * the evaluator: every case whose datasets exist and whose commands and functions ruleforge supports must give
 * Elasticsearch's result. The rest are counted by skip reason; the figures go to
 * {@code target/esql-conformance.txt} (and the README).
 */
class EsqlConformanceTest {

    /** Capabilities of features ruleforge does not evaluate: cases requiring them are skipped by that reason. */
    private static final Set<String> UNSUPPORTED_CAPABILITIES = Set.of("join_lookup_v13", "union_types",
            "fn_to_text", "fix_precision_of_scaled_float_fields", "clamp_functions",
            // a LIKE/RLIKE pattern that is a constant expression (CONCAT(...), an EVAL'd literal): a recent addition
            // that ruleforge's grammar does not take (a pattern is a string literal or a list of them)
            "like_rlike_constant_expression");

    private static final String OLD_PROJECT = "spec older than KEEP (PROJECT, KEEP's early name, is no longer ES|QL)";

    /**
     * Cases whose expected result does not follow from the datasets here (the spec and the dataset come from
     * different Elasticsearch commits, see the README in ../shared) or from a documented divergence: skipped with
     * the reason, and counted as such.
     */
    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("mv_expand.csv-spec:expandAfterSort1", "rows tied on the SORT key (two nulls) come in an unspecified order"),
            Map.entry("string.csv-spec:convertFromFloats", "scaled_float precision (needs the mapping's scaling_factor)"),
            Map.entry("drop.csv-spec:sortWithLimitOne_DropHeight", "spec older than the employees dataset (no salary_change.keyword)"),
            Map.entry("drop.csv-spec:simpleEvalWithSortAndLimitOne_DropHeight", "spec older than the employees dataset (no salary_change.keyword)"),
            Map.entry("drop.csv-spec:whereWithEvalGeneratedValue_DropHeight", "spec older than the employees dataset (no salary_change.keyword)"),
            Map.entry("ip.csv-spec:aggAndSort", "hosts dataset newer than the spec (more ip0 values)"),
            Map.entry("where-like.csv-spec:notLikeListAllWildcard", "ES matches null with NOT LIKE (\"*\") lists (elastic/elasticsearch like_with_list_of_patterns)"),
            Map.entry("where-like.csv-spec:notRlikeListAllWildcard", "ES matches null with NOT RLIKE (\".*\") lists (elastic/elasticsearch like_with_list_of_patterns)"),
            Map.entry("drop.csv-spec:projectDropWithWildcardKeepOthers", OLD_PROJECT),
            Map.entry("drop.csv-spec:dropAllColumns", OLD_PROJECT),
            Map.entry("drop.csv-spec:dropAllColumns_WithLimit", OLD_PROJECT),
            Map.entry("drop.csv-spec:dropAllColumns_WithCount", OLD_PROJECT),
            Map.entry("drop.csv-spec:dropAllColumns_WithStats", OLD_PROJECT));

    private static final List<String> DATASETS = List.of("employees", "hosts", "languages", "sample_data", "ul_logs");

    record Outcome(CsvSpec spec, String status, String detail) {
    }

    @Test
    void supportedCasesGiveElasticsearchsResults() throws Exception {
        Path specs = SharedFolder.require("conformance/esql");
        List<EsqlIndex> indices = new ArrayList<>();
        for (String dataset : DATASETS) {
            indices.add(CsvDataset.read(dataset, false, Files.readString(specs.resolve("data").resolve(dataset + ".csv"))));
        }
        // the tests' NOW() is whatever instant they run at; the date tests that use it only compare it with old dates
        EsqlQueryRunner runner = new EsqlQueryRunner(indices, new EvaluationContext(Instant.now().toEpochMilli()),
                FullTextSupport.basic());
        List<Outcome> outcomes = new ArrayList<>();
        try (Stream<Path> files = Files.list(specs)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".csv-spec")).sorted().toList()) {
                for (CsvSpec spec : CsvSpec.parse(file.getFileName().toString(), Files.readString(file))) {
                    outcomes.add(run(spec, runner));
                }
            }
        }
        Map<String, Integer> skipped = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int passed = 0;
        for (Outcome o : outcomes) {
            switch (o.status()) {
                case "passed" -> passed++;
                case "failed" -> failures.add(o.spec().file() + ":" + o.spec().line() + " " + o.spec().name() + ": " + o.detail());
                default -> skipped.merge(o.detail(), 1, Integer::sum);
            }
        }
        List<String> report = new ArrayList<>();
        report.add(String.format("ES|QL csv-spec conformance: %d cases, %d passed, %d failed, %d skipped", outcomes.size(), passed,
                failures.size(), outcomes.size() - passed - failures.size()));
        skipped.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> report.add(String.format("  skipped %3d  %s", e.getValue(), e.getKey())));
        failures.forEach(f -> report.add("  FAILED " + f));
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/esql-conformance.txt"), report, StandardCharsets.UTF_8);
        report.forEach(System.out::println);
        assertThat(failures).isEmpty();
        assertThat(passed).isGreaterThan(150);
    }

    private static Outcome run(CsvSpec spec, EsqlQueryRunner runner) {
        String known = KNOWN.get(spec.file() + ":" + spec.name().replaceAll("#.*", ""));
        if (known != null) {
            return new Outcome(spec, "skipped", "known: " + known);
        }
        if (spec.header() != null && spec.header().contains(".scaled_float")) {
            return new Outcome(spec, "skipped", "scaled_float precision (needs the mapping's scaling_factor)");
        }
        if (spec.name().endsWith("-Ignore")) {
            return new Outcome(spec, "skipped", "ignored upstream (-Ignore)");
        }
        for (String capability : spec.capabilities()) {
            if (UNSUPPORTED_CAPABILITIES.contains(capability)) {
                return new Outcome(spec, "skipped", "required_capability " + capability);
            }
        }
        if (spec.header() == null) {
            return new Outcome(spec, "skipped", "no expected result (error case)");
        }
        EsqlParseResult parsed = EsqlParser.parse(spec.query(), EsqlVersion.V9);
        if (parsed instanceof EsqlParseResult.Failure f) {
            // a case no capability or known reason sets aside is a query Elasticsearch runs: not parsing it is a failure
            return new Outcome(spec, "failed", "not parsed: " + f.error());
        }
        EsqlQuery query = ((EsqlParseResult.Success) parsed).query();
        if (query.source() instanceof Command.From from) {
            for (Command.IndexPattern p : from.indices()) {
                if (!DATASETS.contains(p.pattern())) {
                    return new Outcome(spec, "skipped", "missing dataset " + p.pattern());
                }
            }
        }
        for (Command c : query.commands()) {
            if (c instanceof Command.LookupJoin) {
                return new Outcome(spec, "skipped", "unsupported command LOOKUP JOIN");
            }
        }
        List<String> expectedHeader = CsvSpec.cells(spec.header());
        List<Column> expectedColumns = new ArrayList<>();
        for (String h : expectedHeader) {
            int colon = h.lastIndexOf(':');
            Optional<DataType> type = colon < 0 ? Optional.empty() : ColumnTypes.ofSpecName(h.substring(colon + 1));
            if (type.isEmpty()) {
                return new Outcome(spec, "skipped", "unsupported column type " + h.substring(colon + 1).strip());
            }
            expectedColumns.add(new Column(h.substring(0, colon).strip(), type.get()));
        }
        EsqlQueryRunner.Outcome outcome = runner.run(query, spec.query());
        if (outcome instanceof EsqlQueryRunner.Refused refused) {
            if (refused.unsupported()) {
                return new Outcome(spec, "skipped", refused.message().replaceAll("\\[.*", "").strip()
                        + refused.message().replaceAll(".*?(\\[[^]]*]).*", " $1").replaceAll("^(?!.*\\[).*$", ""));
            }
            return new Outcome(spec, "failed", "refused at offset " + refused.offset() + ": " + refused.message());
        }
        EsqlResult result = ((EsqlQueryRunner.Ran) outcome).result();
        if (!result.columns().equals(expectedColumns)) {
            return new Outcome(spec, "failed", "columns " + result.columns() + ", expected " + expectedColumns);
        }
        List<List<String>> actual = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                cells.add(Values.format(row.get(i), result.columns().get(i).type()));
            }
            actual.add(cells);
        }
        List<List<String>> expected = spec.rows().stream().map(CsvSpec::cells).toList();
        if (actual.size() != expected.size()) {
            return new Outcome(spec, "failed", actual.size() + " rows, expected " + expected.size() + "; got " + abbreviate(actual));
        }
        List<List<String>> remaining = new ArrayList<>(actual);
        for (int r = 0; r < expected.size(); r++) {
            List<String> want = expected.get(r);
            if (spec.ignoreOrder()) {
                int found = -1;
                for (int a = 0; a < remaining.size() && found < 0; a++) {
                    if (sameRow(want, remaining.get(a), expectedColumns)) {
                        found = a;
                    }
                }
                if (found < 0) {
                    return new Outcome(spec, "failed", "no row " + want + " among " + abbreviate(remaining));
                }
                remaining.remove(found);
            } else if (!sameRow(want, actual.get(r), expectedColumns)) {
                return new Outcome(spec, "failed", "row " + (r + 1) + " is " + actual.get(r) + ", expected " + want);
            }
        }
        return new Outcome(spec, "passed", "");
    }

    private static String abbreviate(Object o) {
        String s = o.toString();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static boolean sameRow(List<String> expected, List<String> actual, List<Column> columns) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!sameCell(expected.get(i), actual.get(i), columns.get(i).type())) {
                return false;
            }
        }
        return true;
    }

    /** Equal as written, or equal as values of the column's type (1.0 and 1.00, dates with and without millis). */
    static boolean sameCell(String expected, String actual, DataType type) {
        if (expected.equals(actual)) {
            return true;
        }
        if (type.isString() && !actual.startsWith("[")) {
            return unquoted(expected).equals(actual);
        }
        List<String> e = elements(expected);
        List<String> a = elements(actual);
        if (e.size() != a.size()) {
            return false;
        }
        for (int i = 0; i < e.size(); i++) {
            if (e.get(i).equals(a.get(i))) {
                continue;
            }
            Optional<Object> x = Values.parse(e.get(i), type);
            Optional<Object> y = Values.parse(a.get(i), type);
            if (x.isEmpty() || y.isEmpty()) {
                return false;
            }
            if (x.get() instanceof Double dx && y.get() instanceof Double dy) {
                if (Math.abs(dx - dy) > 1e-9 * Math.max(1, Math.abs(dx))) {
                    return false;
                }
            } else if (!x.get().equals(y.get())) {
                return false;
            }
        }
        return true;
    }

    /** The values of a cell: {@code [a, "b, c"]} is two; surrounding double quotes (csv-spec's string quoting) removed. */
    private static List<String> elements(String cell) {
        if (!(cell.startsWith("[") && cell.endsWith("]"))) {
            return List.of(unquoted(cell));
        }
        List<String> out = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        String body = cell.substring(1, cell.length() - 1);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(unquoted(value.toString().strip()));
                value.setLength(0);
            } else {
                value.append(c);
            }
        }
        out.add(unquoted(value.toString().strip()));
        return out;
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }
}
