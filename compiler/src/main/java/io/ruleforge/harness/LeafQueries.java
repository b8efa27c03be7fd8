package io.ruleforge.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The leaf queries (full-text, term-level, exists, range, query_string). Each reads its body the way
 * Elasticsearch parses it, refuses what ES refuses (as {@link IllegalArgumentException}; the dispatcher adds the
 * clause path), and decides against the per-type {@link FieldValues} of the referenced fields.
 */
final class LeafQueries {

    /** Parameters that change scoring or naming only. */
    private static final Set<String> COSMETIC = Set.of("boost", "_name", "auto_generate_synonyms_phrase_query",
            "fuzzy_transpositions", "max_expansions", "prefix_length", "rewrite", "tie_breaker", "score_mode",
            "inner_hits", "relation");

    /** Options Elasticsearch accepts but this evaluator does not model: refused rather than ignored. */
    private static final Set<String> NOT_MODELLED = Set.of("analyzer", "fuzziness", "minimum_should_match",
            "cutoff_frequency", "fuzzy_rewrite", "quote_analyzer", "quote_field_suffix", "phrase_slop",
            "auto_generate_phrase_queries", "time_zone", "fuzzy_max_expansions", "fuzzy_prefix_length",
            "enable_position_increments", "max_determinized_states", "escape", "slop");

    private final FieldResolver resolver;

    LeafQueries(FieldResolver resolver) {
        this.resolver = resolver;
    }

    /** Options of a match-family query, from the short form {@code {"f": v}} or the long {@code {"f": {"query": v}}}. */
    private record TextOptions(JsonNode query, boolean operatorAnd, boolean lenient, boolean zeroTermsAll) {

        static TextOptions read(String queryName, JsonNode spec) {
            if (!spec.isObject()) {
                return new TextOptions(spec, false, false, false);
            }
            JsonNode query = null;
            boolean and = false;
            boolean lenient = false;
            boolean zeroAll = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                switch (e.getKey()) {
                    case "query" -> query = v;
                    case "operator" -> and = parseOperator(v.asText());
                    case "lenient" -> lenient = v.asBoolean();
                    case "zero_terms_query" -> zeroAll = v.asText().equalsIgnoreCase("all");
                    case "slop" -> {
                        if (v.asInt() != 0) {
                            throw new IllegalArgumentException("[" + queryName + "] slop other than 0 is not supported by the evaluator");
                        }
                    }
                    default -> rejectUnknown(queryName, e.getKey());
                }
            }
            if (query == null) {
                throw new IllegalArgumentException("[" + queryName + "] requires query value");
            }
            return new TextOptions(query, and, lenient, zeroAll);
        }
    }

    Outcome match(JsonNode body, Document doc, String where) {
        Map.Entry<String, JsonNode> f = singleField("match", body);
        TextOptions o = TextOptions.read("match", f.getValue());
        requireValue("match", o.query());
        return fullText(f.getKey(), o, false, doc, where);
    }

    Outcome matchPhrase(JsonNode body, Document doc, String where) {
        Map.Entry<String, JsonNode> f = singleField("match_phrase", body);
        TextOptions o = TextOptions.read("match_phrase", f.getValue());
        requireValue("match_phrase", o.query());
        return fullText(f.getKey(), o, true, doc, where);
    }

    private Outcome fullText(String field, TextOptions o, boolean phrase, Document doc, String where) {
        FieldValues values = values(field, doc);
        if (o.zeroTermsAll() && values instanceof TextValues
                && StandardAnalyzer.analyze(FieldValues.text(o.query())).isEmpty()) {
            return new Outcome(true, where, field + " query has no tokens and zero_terms_query is all");
        }
        Optional<String> hit = lenientIf(o.lenient(),
                () -> phrase ? values.phrase(o.query()) : values.match(o.query(), o.operatorAnd()));
        String verb = values instanceof TextValues ? (phrase ? "contains the phrase" : "has a token of") : "equals";
        return leafOutcome(values, render(o.query(), values), hit, verb, where);
    }

    Outcome multiMatch(JsonNode body, Document doc, String where) {
        JsonNode query = null;
        List<String> fields = new ArrayList<>();
        String type = "best_fields";
        boolean and = false;
        Boolean lenient = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "query" -> query = v;
                case "fields" -> v.forEach(n -> fields.add(n.asText()));
                case "type" -> type = v.asText();
                case "operator" -> and = parseOperator(v.asText());
                case "lenient" -> lenient = v.asBoolean();
                default -> rejectUnknown("multi_match", e.getKey());
            }
        }
        requireValue("multi_match", query);
        boolean phrase = switch (type) {
            case "best_fields", "most_fields" -> false;
            case "phrase" -> true;
            default -> throw new IllegalArgumentException("[multi_match] type [" + type + "] is not supported by the evaluator");
        };
        // Without fields ES searches index.query.default_field ("*"); all-field searches default to lenient.
        boolean allFields = fields.isEmpty() || fields.equals(List.of("*"));
        List<String> names = expandFields(allFields ? List.of("*") : fields, doc);
        boolean effectiveLenient = lenient != null ? lenient : allFields;
        final JsonNode q = query;
        final boolean operatorAnd = and;
        for (String name : names) {
            FieldValues values = values(name, doc);
            Optional<String> hit = lenientIf(effectiveLenient,
                    () -> phrase ? values.phrase(q) : values.match(q, operatorAnd));
            if (hit.isPresent()) {
                return new Outcome(true, where, name + " " + render(q, values) + " matched " + hit.get());
            }
        }
        return new Outcome(false, where, "no field " + (phrase ? "contains the phrase " : "matches ") + q);
    }

    Outcome term(JsonNode body, Document doc, String where) {
        Map.Entry<String, JsonNode> f = singleField("term", body);
        JsonNode spec = f.getValue();
        JsonNode value = spec;
        boolean caseInsensitive = false;
        if (spec.isObject()) {
            value = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                switch (e.getKey()) {
                    case "value" -> value = e.getValue();
                    case "case_insensitive" -> caseInsensitive = e.getValue().asBoolean();
                    default -> rejectUnknown("term", e.getKey());
                }
            }
        }
        requireValue("term", value);
        FieldValues values = values(f.getKey(), doc);
        JsonNode v = value;
        boolean ci = caseInsensitive;
        return leafOutcome(values, render(v, values), values.term(v, ci), "equals", where);
    }

    Outcome terms(JsonNode body, Document doc, String where) {
        String field = null;
        JsonNode list = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (COSMETIC.contains(e.getKey())) {
                continue;
            }
            if (field != null) {
                throw new IllegalArgumentException("[terms] query does not support multiple fields");
            }
            field = e.getKey();
            list = e.getValue();
        }
        if (field == null || !list.isArray()) {
            throw new IllegalArgumentException(list != null && list.isObject()
                    ? "[terms] lookup is not supported by the evaluator" : "[terms] query requires a field with an array of values");
        }
        FieldValues values = values(field, doc);
        for (JsonNode v : list) {
            Optional<String> hit = values.term(v, false);
            if (hit.isPresent()) {
                return new Outcome(true, where, field + " " + render(v, values) + " matched " + hit.get());
            }
        }
        return missingOr(values, where, "no value of " + field + " is one of " + list);
    }

    Outcome wildcard(JsonNode body, Document doc, String where) {
        Map.Entry<String, JsonNode> f = singleField("wildcard", body);
        JsonNode spec = f.getValue();
        String pattern = spec.isObject() ? null : spec.asText();
        boolean caseInsensitive = false;
        if (spec.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                switch (e.getKey()) {
                    case "value", "wildcard" -> pattern = e.getValue().asText();
                    case "case_insensitive" -> caseInsensitive = e.getValue().asBoolean();
                    default -> rejectUnknown("wildcard", e.getKey());
                }
            }
        }
        if (pattern == null) {
            throw new IllegalArgumentException("[wildcard] requires a value");
        }
        FieldValues values = values(f.getKey(), doc);
        String p = pattern;
        return leafOutcome(values, FieldValues.quote(p), values.wildcard(p, caseInsensitive), "matches wildcard", where);
    }

    Outcome exists(JsonNode body, Document doc, String where) {
        JsonNode fieldNode = body.get("field");
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("field")) {
                rejectUnknown("exists", key);
            }
        }
        if (fieldNode == null || !fieldNode.isTextual()) {
            throw new IllegalArgumentException("[exists] must be provided with a [field]");
        }
        String field = fieldNode.textValue();
        // A pattern, or an object field (ES expands those to their sub-fields), exists when any field under it does.
        List<String> names = field.contains("*") ? resolver.expand(field, doc.source())
                : isObject(field, doc) ? resolver.expand(field + ".*", doc.source()) : List.of(field);
        for (String name : names) {
            if (values(name, doc).exists()) {
                return new Outcome(true, where, name + " exists");
            }
        }
        return new Outcome(false, where, field + " has no indexed value");
    }

    Outcome range(JsonNode body, Document doc, String where) {
        Map.Entry<String, JsonNode> f = singleField("range", body);
        JsonNode spec = f.getValue();
        if (!spec.isObject()) {
            throw new IllegalArgumentException("[range] query malformed, expected an object for [" + f.getKey() + "]");
        }
        JsonNode lower = null;
        JsonNode upper = null;
        boolean includeLower = true;
        boolean includeUpper = true;
        ZoneId zone = ZoneOffset.UTC;
        List<String> formats = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue().isNull() ? null : e.getValue();
            switch (e.getKey()) {
                case "gt" -> { lower = v; includeLower = false; }
                case "gte" -> { lower = v; includeLower = true; }
                case "lt" -> { upper = v; includeUpper = false; }
                case "lte" -> { upper = v; includeUpper = true; }
                case "time_zone" -> zone = parseZone(e.getValue().asText());
                case "format" -> formats = DateValues.formats(e.getValue().asText());
                default -> rejectUnknown("range", e.getKey());
            }
        }
        RangeBounds bounds = new RangeBounds(lower, includeLower, upper, includeUpper, zone, formats, doc.now());
        FieldValues values = values(f.getKey(), doc);
        Optional<String> hit = values.range(bounds);
        if (hit.isPresent()) {
            return new Outcome(true, where, f.getKey() + " " + hit.get() + " is within " + bounds.describe());
        }
        return missingOr(values, where, "no value of " + f.getKey() + " is within " + bounds.describe());
    }

    Outcome queryString(JsonNode body, Document doc, String where) {
        String query = null;
        List<String> fields = new ArrayList<>();
        boolean and = false;
        boolean analyzeWildcard = false;
        Boolean lenient = null;
        boolean leadingWildcard = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "query" -> query = v.asText();
                case "fields" -> v.forEach(n -> fields.add(n.asText()));
                case "default_field" -> fields.add(v.asText());
                case "default_operator" -> and = parseOperator(v.asText());
                case "analyze_wildcard" -> analyzeWildcard = v.asBoolean();
                case "lenient" -> lenient = v.asBoolean();
                case "allow_leading_wildcard" -> leadingWildcard = v.asBoolean();
                case "type" -> {
                    if (!v.asText().equals("best_fields")) {
                        throw new IllegalArgumentException("[query_string] type [" + v.asText() + "] is not supported by the evaluator");
                    }
                }
                default -> rejectUnknown("query_string", e.getKey());
            }
        }
        if (query == null) {
            throw new IllegalArgumentException("[query_string] must be provided with a [query]");
        }
        List<String> terms = QueryStringSyntax.terms(query);
        boolean allFields = fields.isEmpty() || fields.equals(List.of("*"));
        List<String> names = expandFields(allFields ? List.of("*") : fields, doc);
        boolean effectiveLenient = lenient != null ? lenient : allFields;
        List<Outcome> outcomes = new ArrayList<>();
        if (allFields && terms.equals(List.of("*"))) {
            // ES: "*" on the match-all field pattern is match_all, not an exists check (KQL's bare "*").
            return new Outcome(true, where, "query_string * on all fields matches every document");
        }
        for (String term : terms) {
            if (!leadingWildcard && (term.startsWith("*") || term.startsWith("?"))) {
                throw new IllegalArgumentException("Leading wildcard is not allowed: " + term);
            }
            outcomes.add(queryStringTerm(term, names, analyzeWildcard, effectiveLenient, doc, where));
        }
        // default_operator OR: the first hit decides; AND: the first miss decides.
        boolean operatorAnd = and;
        return outcomes.stream().filter(o -> o.matched() != operatorAnd).findFirst()
                .or(() -> outcomes.stream().reduce((a, b) -> b))
                .orElse(new Outcome(false, where, "query_string [" + query + "] has no terms"));
    }

    private Outcome queryStringTerm(String term, List<String> fields, boolean analyzeWildcard, boolean lenient,
                                    Document doc, String where) {
        // Evaluate every field (no short cut) so that a field ES rejects is reported even if another one matched.
        Outcome found = null;
        for (String name : fields) {
            FieldValues values = values(name, doc);
            Optional<String> hit = term.equals("*")
                    ? (values.exists() ? Optional.of("a value") : Optional.empty())
                    : lenientIf(lenient, () -> values.queryStringTerm(term, analyzeWildcard));
            if (hit.isPresent() && found == null) {
                found = new Outcome(true, where, name + " " + FieldValues.quote(term) + " matched " + hit.get());
            }
        }
        return found != null ? found
                : new Outcome(false, where, "no value of " + String.join(",", fields.size() > 3
                ? List.of(fields.get(0), fields.get(1), "…") : fields) + " matches query_string " + FieldValues.quote(term));
    }

    private List<String> expandFields(List<String> patterns, Document doc) {
        List<String> out = new ArrayList<>();
        for (String p : patterns) {
            String name = p.contains("^") ? p.substring(0, p.indexOf('^')) : p;
            if (name.contains("*")) {
                out.addAll(resolver.expand(name, doc.source()));
            } else {
                out.add(name);
            }
        }
        return out;
    }

    private FieldValues values(String field, Document doc) {
        return doc.values(field, name -> FieldValues.of(resolver.resolve(name, doc.source(), doc.nestedScope()), doc.now()));
    }

    private boolean isObject(String field, Document doc) {
        return resolver.resolve(field, doc.source(), doc.nestedScope()).isContainer();
    }

    private static Outcome leafOutcome(FieldValues values, String query, Optional<String> hit, String verb, String where) {
        String field = values.field().name();
        if (hit.isPresent()) {
            return new Outcome(true, where, field + " " + query + " matched " + hit.get());
        }
        return missingOr(values, where, "no value of " + field + " " + verb + " " + query);
    }

    private static Outcome missingOr(FieldValues values, String where, String detail) {
        if (!values.exists()) {
            return new Outcome(false, where, values.field().name() + " has no indexed value"
                    + (values.field().values().isEmpty() ? "" : " (" + values.field().values().size() + " source value(s) not indexed)"));
        }
        return new Outcome(false, where, detail);
    }

    /** ip values print bare (10.0.0.0/8); everything else as JSON. */
    private static String render(JsonNode query, FieldValues values) {
        return values instanceof IpValues ? query.asText() : query.toString();
    }

    private static Optional<String> lenientIf(boolean lenient, Supplier<Optional<String>> op) {
        if (!lenient) {
            return op.get();
        }
        try {
            return op.get();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Map.Entry<String, JsonNode> singleField(String queryName, JsonNode body) {
        if (!body.isObject() || body.size() != 1) {
            throw new IllegalArgumentException("[" + queryName + "] query requires exactly one field, got " + body.size());
        }
        return body.fields().next();
    }

    private static void requireValue(String queryName, JsonNode value) {
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("[" + queryName + "] requires query value");
        }
    }

    private static boolean parseOperator(String operator) {
        return switch (operator.toLowerCase(Locale.ROOT)) {
            case "and" -> true;
            case "or" -> false;
            default -> throw new IllegalArgumentException("operator [" + operator + "] is not allowed");
        };
    }

    private static ZoneId parseZone(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("Unknown time-zone ID: " + zone);
        }
    }

    private static void rejectUnknown(String queryName, String key) {
        if (COSMETIC.contains(key)) {
            return;
        }
        if (NOT_MODELLED.contains(key)) {
            throw new IllegalArgumentException("[" + queryName + "] option [" + key + "] is not supported by the evaluator");
        }
        throw new IllegalArgumentException("[" + queryName + "] query does not support [" + key + "]");
    }
}
