package io.ruleforge.evaluate.esql;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What ES|QL's full-text functions need from the stages that know Kibana's query languages: {@code KQL("…")}
 * decides a document with a KQL query; {@code MATCH} and {@code :} split text into terms with the standard
 * analyzer. The evaluator is given them, since it must not depend on the harness.
 *
 * @param kql      decides a KQL query on one source document; empty when KQL() cannot be evaluated
 * @param analyzer splits a text value or a MATCH query into its terms
 */
public record FullTextSupport(Optional<KqlDecider> kql, Function<String, List<String>> analyzer) {

    /** Decides a KQL query on one source document. */
    @FunctionalInterface
    public interface KqlDecider {
        /**
         * @param nowMillis what {@code now} means in the query's date math: the ES|QL query's own instant, which
         *                  Elasticsearch gives the KQL query it runs for it (as {@code NOW()} returns it)
         */
        boolean matches(String kql, JsonNode document, long nowMillis);
    }

    /** No KQL(); text split at non-letters and digits and lower-cased (the standard analyzer, for ASCII text). */
    public static FullTextSupport basic() {
        return new FullTextSupport(Optional.empty(), text -> {
            List<String> terms = new java.util.ArrayList<>();
            for (String t : text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}_']+")) {
                if (!t.isEmpty()) {
                    terms.add(t);
                }
            }
            return terms;
        });
    }
}
