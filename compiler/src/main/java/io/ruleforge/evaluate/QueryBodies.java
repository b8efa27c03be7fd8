package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Reading query bodies the way Elasticsearch's parsers do: shared by the leaf query implementations. */
final class QueryBodies {

    /** Parameters that change scoring or naming only. */
    static final Set<String> COSMETIC = Set.of("boost", "_name", "auto_generate_synonyms_phrase_query",
            "fuzzy_transpositions", "max_expansions", "prefix_length", "rewrite", "tie_breaker", "score_mode",
            "inner_hits", "relation");

    /** Options Elasticsearch accepts but this evaluator does not model: refused rather than ignored. */
    static final Set<String> NOT_MODELLED = Set.of("analyzer", "fuzziness", "minimum_should_match",
            "cutoff_frequency", "fuzzy_rewrite", "quote_analyzer", "quote_field_suffix", "phrase_slop",
            "auto_generate_phrase_queries", "time_zone", "fuzzy_max_expansions", "fuzzy_prefix_length",
            "enable_position_increments", "max_determinized_states", "escape", "slop");

    private QueryBodies() {
    }

    /** ip values print bare (10.0.0.0/8); everything else as JSON. */
    static String render(JsonNode query, FieldValues values) {
        return values instanceof IpValues ? query.asText() : query.toString();
    }

    static Optional<String> lenientIf(boolean lenient, Supplier<Optional<String>> op) {
        if (!lenient) {
            return op.get();
        }
        try {
            return op.get();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Map.Entry<String, JsonNode> singleField(String queryName, JsonNode body) {
        if (!body.isObject() || body.size() != 1) {
            throw new IllegalArgumentException("[" + queryName + "] query requires exactly one field, got " + body.size());
        }
        return body.fields().next();
    }

    static void requireValue(String queryName, JsonNode value) {
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("[" + queryName + "] requires query value");
        }
    }

    static boolean parseOperator(String operator) {
        return switch (operator.toLowerCase(Locale.ROOT)) {
            case "and" -> true;
            case "or" -> false;
            default -> throw new IllegalArgumentException("operator [" + operator + "] is not allowed");
        };
    }

    static ZoneId parseZone(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("Unknown time-zone ID: " + zone);
        }
    }

    static void rejectUnknown(String queryName, String key) {
        if (COSMETIC.contains(key)) {
            return;
        }
        if (NOT_MODELLED.contains(key)) {
            throw new IllegalArgumentException("[" + queryName + "] option [" + key + "] is not supported by the evaluator");
        }
        throw new IllegalArgumentException("[" + queryName + "] query does not support [" + key + "]");
    }
}
