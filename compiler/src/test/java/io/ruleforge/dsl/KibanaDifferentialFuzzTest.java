package io.ruleforge.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;
import io.ruleforge.kql.KqlSyntaxError;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential fuzzing against Kibana itself: random KQL ({@link RandomKqlGenerator}) through ruleforge (8.9, no
 * fields) and through Kibana 8.9's {@code @kbn/es-query} ({@link KibanaOracle}). Both must produce the same DSL (as
 * JSON values), or both reject the query at the same position.
 *
 * <p>Skipped when node or {@code test-tools/kbn-oracle/node_modules} is missing ({@code npm ci} there, which the
 * build does at generate-test-resources). A longer run:
 * {@code mvn -pl compiler test -Dtest=KibanaDifferentialFuzzTest -Dkql.fuzz.seed=7 -Dkql.fuzz.cases=100000}.
 * Every disagreement is written to {@code compiler/target/kql-fuzz-report.txt}.
 *
 * <p>Deliberate differences, which the generator therefore does not produce:
 * <ul>
 *   <li>brackets nested deeper than {@link io.ruleforge.kql.KqlParser#MAX_NESTING_DEPTH} are a syntax error here;
 *       Kibana has no limit (and overflows its own stack at some thousands of levels);</li>
 *   <li>Kibana marks wildcards with the text {@code @kuery-wildcard@} inside the value, so that text typed by the
 *       user next to a real wildcard also becomes one ({@code x:a*@kuery-wildcard@b} → {@code a**b}); ruleforge
 *       keeps wildcards structural and the text literal, see {@code DslCompilerTest}.</li>
 * </ul>
 */
class KibanaDifferentialFuzzTest {

    private static final long DEFAULT_SEED = 0x6b716cL;
    private static final int DEFAULT_CASES = 3000;
    private static final int DISAGREEMENTS_SHOWN = 15;

    @Test
    void ruleforgeTranslatesGeneratedQueriesExactlyAsKibana89() throws IOException, InterruptedException {
        Optional<KibanaOracle> oracle = KibanaOracle.locate();
        Assumptions.assumeTrue(oracle.isPresent(), "node or test-tools/kbn-oracle/node_modules is missing");
        long seed = Long.getLong("kql.fuzz.seed", DEFAULT_SEED);
        int cases = Integer.getInteger("kql.fuzz.cases", DEFAULT_CASES);

        RandomKqlGenerator generator = new RandomKqlGenerator(seed);
        List<String> queries = new ArrayList<>(cases);
        for (int i = 0; i < cases; i++) {
            queries.add(generator.next());
        }
        List<ObjectNode> kibana = oracle.get().translate(queries);

        DslCompiler compiler = new DslCompiler(KibanaVersion.V8_9, FieldSchema.none());
        Tally tally = new Tally();
        for (int i = 0; i < cases; i++) {
            compare(queries.get(i), kibana.get(i), compiler, tally);
        }

        writeReport(seed, tally);
        System.out.printf("[kql-fuzz] seed %d, %d cases: %d same DSL, %d rejected by both (%d at the same offset,"
                        + " %d with Kibana's exact message), %d disagreements, %d error positions differ%n",
                seed, cases, tally.sameDsl, tally.bothRejected, tally.sameErrorOffset, tally.sameErrorMessage,
                tally.disagreements.size(), tally.positionDifferences.size());
        assertThat(tally.sameDsl).as("generator produced hardly any valid query").isGreaterThan(cases / 2);
        assertThat(tally.bothRejected).as("generator produced hardly any broken query").isGreaterThan(cases / 20);
        assertThat(tally.disagreements)
                .as("ruleforge and Kibana 8.9 disagree (seed %d); first ones:%n%s", seed, tally.shown(tally.disagreements))
                .isEmpty();
        assertThat(tally.positionDifferences)
                .as("syntax errors at different offsets (seed %d); first ones:%n%s", seed,
                        tally.shown(tally.positionDifferences))
                .isEmpty();
    }

    private static void compare(String query, ObjectNode kibana, DslCompiler compiler, Tally tally) {
        KqlParseResult parsed;
        JsonNode ours = null;
        try {
            parsed = KqlParser.parse(query, KibanaVersion.V8_9);
            if (parsed instanceof KqlParseResult.Success success) {
                ours = compiler.compile(success.query().root());
            }
        } catch (RuntimeException e) {
            tally.disagreements.add(describe(query, "ruleforge threw " + e, kibana));
            return;
        }
        JsonNode kibanaDsl = kibana.get("dsl");
        JsonNode kibanaError = kibana.get("error");
        if (ours != null && kibanaDsl != null) {
            if (ours.equals(kibanaDsl)) {
                tally.sameDsl++;
            } else {
                tally.disagreements.add(describe(query, "ruleforge DSL differs at " + firstDifference(ours, kibanaDsl, "")
                        + ": " + ours, kibana));
            }
            return;
        }
        if (ours != null) {
            tally.disagreements.add(describe(query, "ruleforge accepts: " + ours, kibana));
            return;
        }
        KqlSyntaxError error = ((KqlParseResult.Failure) parsed).error();
        if (kibanaDsl != null || !"KQLSyntaxError".equals(kibanaError.path("name").asText())) {
            tally.disagreements.add(describe(query, "ruleforge rejects at " + error.offset() + ": " + error.message(),
                    kibana));
            return;
        }
        tally.bothRejected++;
        if (kibanaError.path("message").asText().equals(error.message())) {
            tally.sameErrorMessage++; // a figure only: the expectation lists are worded by each parser
        } else {
            tally.messageDifferences.add(describe(query, error.message(), kibana));
        }
        if (kibanaError.path("offset").asInt(-1) == error.offset()) {
            tally.sameErrorOffset++;
        } else {
            tally.positionDifferences.add(describe(query,
                    "ruleforge rejects at " + error.offset() + ": " + error.message(), kibana));
        }
    }

    /** Every disagreement to target/kql-fuzz-report.txt (the assertion message shows only the first ones). */
    private static void writeReport(long seed, Tally tally) throws IOException {
        List<String> report = new ArrayList<>();
        report.add("seed " + seed);
        report.add("== disagreements: " + tally.disagreements.size());
        report.addAll(tally.disagreements);
        report.add("== error positions differ: " + tally.positionDifferences.size());
        report.addAll(tally.positionDifferences);
        report.add("== same offset, other message (not asserted): " + tally.messageDifferences.size());
        report.addAll(tally.messageDifferences);
        Files.createDirectories(Path.of("target"));
        // getBytes replaces lone surrogates (from \\uD83D escapes) instead of failing
        Files.write(Path.of("target", "kql-fuzz-report.txt"), String.join("\n", report).getBytes(StandardCharsets.UTF_8));
    }

    /** JSON pointer of the first place where two JSON values differ, with both values there. */
    static String firstDifference(JsonNode ours, JsonNode theirs, String pointer) {
        if (ours.isObject() && theirs.isObject() && ours.size() == theirs.size()) {
            for (var names = ours.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!theirs.has(name)) {
                    return pointer + " (key " + name + " only in ours)";
                }
                if (!ours.get(name).equals(theirs.get(name))) {
                    return firstDifference(ours.get(name), theirs.get(name), pointer + "/" + name);
                }
            }
        }
        if (ours.isArray() && theirs.isArray() && ours.size() == theirs.size()) {
            for (int i = 0; i < ours.size(); i++) {
                if (!ours.get(i).equals(theirs.get(i))) {
                    return firstDifference(ours.get(i), theirs.get(i), pointer + "/" + i);
                }
            }
        }
        return pointer + " (ours " + escapedForHumans(ours) + ", kibana " + escapedForHumans(theirs) + ")";
    }

    private static String escapedForHumans(JsonNode value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toString().toCharArray()) {
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    private static String describe(String query, String ours, ObjectNode kibana) {
        return "  query:  " + quoteForHumans(query) + "\n  ours:   " + ours + "\n  kibana: "
                + (kibana.has("dsl") ? kibana.get("dsl") : kibana.get("error")) + "\n";
    }

    private static String quoteForHumans(String query) {
        StringBuilder out = new StringBuilder("«");
        for (char c : query.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("⏎");
                case '\r' -> out.append("␍");
                case '\t' -> out.append("⇥");
                case '\u00A0' -> out.append("⍽");
                default -> out.append(c);
            }
        }
        return out.append('»').toString();
    }

    private static final class Tally {
        int sameDsl;
        int bothRejected;
        int sameErrorOffset;
        int sameErrorMessage;
        final List<String> disagreements = new ArrayList<>();
        final List<String> positionDifferences = new ArrayList<>();
        final List<String> messageDifferences = new ArrayList<>();

        String shown(List<String> list) {
            return String.join("\n", list.subList(0, Math.min(DISAGREEMENTS_SHOWN, list.size())));
        }
    }
}
