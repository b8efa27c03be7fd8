package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.DateValues;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static io.ruleforge.evaluate.QueryBodies.COSMETIC;
import static io.ruleforge.evaluate.QueryBodies.lenientIf;
import static io.ruleforge.evaluate.QueryBodies.parseOperator;
import static io.ruleforge.evaluate.QueryBodies.parseZone;
import static io.ruleforge.evaluate.QueryBodies.rejectUnknown;
import static io.ruleforge.evaluate.QueryBodies.render;
import static io.ruleforge.evaluate.QueryBodies.requireValue;
import static io.ruleforge.evaluate.QueryBodies.singleField;

/**
 * The single-field leaf queries (match, match_phrase, term, terms, wildcard, exists, range). Each reads its body the way
 * Elasticsearch parses it, refuses what ES refuses (as {@link IllegalArgumentException}; the dispatcher adds the
 * clause path), and decides against the per-type {@link FieldValues} of the referenced fields.
 */
final class LeafQueries {


    private final FieldLookup fields;

    LeafQueries(FieldLookup fields) {
        this.fields = fields;
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

    ClauseVerdict match(JsonNode body, EvaluationScope doc, String where) {
        Map.Entry<String, JsonNode> f = singleField("match", body);
        TextOptions o = TextOptions.read("match", f.getValue());
        requireValue("match", o.query());
        return fullText(f.getKey(), o, false, doc, where);
    }

    ClauseVerdict matchPhrase(JsonNode body, EvaluationScope doc, String where) {
        Map.Entry<String, JsonNode> f = singleField("match_phrase", body);
        TextOptions o = TextOptions.read("match_phrase", f.getValue());
        requireValue("match_phrase", o.query());
        return fullText(f.getKey(), o, true, doc, where);
    }

    private ClauseVerdict fullText(String field, TextOptions o, boolean phrase, EvaluationScope doc, String where) {
        FieldValues values = fields.values(field, doc);
        if (o.zeroTermsAll() && values instanceof TextValues
                && StandardAnalyzer.analyze(FieldValues.text(o.query())).isEmpty()) {
            return new ClauseVerdict(true, where, field + " query has no tokens and zero_terms_query is all");
        }
        Optional<String> hit = lenientIf(o.lenient(),
                () -> phrase ? values.phrase(o.query()) : values.match(o.query(), o.operatorAnd()));
        String verb = values instanceof TextValues ? (phrase ? "contains the phrase" : "has a token of") : "equals";
        return leafOutcome(values, render(o.query(), values), hit, verb, where,
                () -> values.term(o.query(), true));
    }

    ClauseVerdict term(JsonNode body, EvaluationScope doc, String where) {
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
        FieldValues values = fields.values(f.getKey(), doc);
        JsonNode v = value;
        boolean ci = caseInsensitive;
        return leafOutcome(values, render(v, values), values.term(v, ci), "equals", where,
                () -> ci ? Optional.empty() : values.term(v, true));
    }

    ClauseVerdict terms(JsonNode body, EvaluationScope doc, String where) {
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
        FieldValues values = fields.values(field, doc);
        for (JsonNode v : list) {
            Optional<String> hit = values.termInList(v);
            if (hit.isPresent()) {
                return new ClauseVerdict(true, where, field + " " + render(v, values) + " matched " + hit.get());
            }
        }
        List<String> wanted = new ArrayList<>();
        list.forEach(v -> wanted.add(render(v, values)));
        return missingOr(values, where, "no value of " + field + " is one of " + String.join(", ", wanted)
                + ClauseVerdict.evidence(field, seen(values), caseOnly(values, list)));
    }

    ClauseVerdict wildcard(JsonNode body, EvaluationScope doc, String where) {
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
        FieldValues values = fields.values(f.getKey(), doc);
        String p = pattern;
        boolean ci = caseInsensitive;
        return leafOutcome(values, FieldValues.quote(p), values.wildcard(p, caseInsensitive), "matches wildcard", where,
                () -> ci ? Optional.empty() : values.wildcard(p, true));
    }

    /**
     * regexp: Lucene's regular-expression syntax against whole terms (whole tokens of text fields). Only the
     * {@code value} and {@code case_insensitive} options are modelled; {@code flags} other than ALL are refused.
     */
    ClauseVerdict regexp(JsonNode body, EvaluationScope doc, String where) {
        Map.Entry<String, JsonNode> f = singleField("regexp", body);
        JsonNode spec = f.getValue();
        String pattern = spec.isObject() ? null : spec.asText();
        boolean caseInsensitive = false;
        if (spec.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                switch (e.getKey()) {
                    case "value" -> pattern = e.getValue().asText();
                    case "case_insensitive" -> caseInsensitive = e.getValue().asBoolean();
                    case "flags" -> {
                        if (!e.getValue().asText().equals("ALL")) {
                            throw new IllegalArgumentException("[regexp] flags [" + e.getValue().asText()
                                    + "] are not supported by the evaluator");
                        }
                    }
                    default -> rejectUnknown("regexp", e.getKey());
                }
            }
        }
        if (pattern == null) {
            throw new IllegalArgumentException("[regexp] requires a value");
        }
        FieldValues values = fields.values(f.getKey(), doc);
        // a keyword field's normalizer applies to the expression's text as to a term (indexedValueForSearch)
        String searched = values instanceof KeywordValues ? values.field().normalizer().normalize(pattern) : pattern;
        java.util.function.Predicate<String> compiled = LuceneRegexps.compile(searched, caseInsensitive);
        return leafOutcome(values, "/" + pattern + "/", values.regexp(compiled), "matches regexp", where,
                Optional::empty);
    }

    ClauseVerdict exists(JsonNode body, EvaluationScope doc, String where) {
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
        List<String> names = field.contains("*") ? fields.expand(List.of(field), doc)
                : fields.isObject(field, doc) ? fields.expand(List.of(field + ".*"), doc) : List.of(field);
        for (String name : names) {
            if (fields.values(name, doc).exists()) {
                return new ClauseVerdict(true, where, name + " exists");
            }
        }
        return new ClauseVerdict(false, where, field + " has no indexed value");
    }

    ClauseVerdict range(JsonNode body, EvaluationScope doc, String where) {
        Map.Entry<String, JsonNode> f = singleField("range", body);
        RangeBounds bounds = rangeBounds(f.getKey(), f.getValue(), doc.now());
        FieldValues values = fields.values(f.getKey(), doc);
        Optional<String> hit = values.range(bounds);
        if (hit.isPresent()) {
            return new ClauseVerdict(true, where, f.getKey() + " " + hit.get() + " is within " + bounds.describe());
        }
        return missingOr(values, where, "no value of " + f.getKey() + " is within " + bounds.describe());
    }

    /**
     * A range query's bounds as Elasticsearch reads its body: of {@code gt} and {@code gte} (or {@code lt} and
     * {@code lte}) the one written last counts.
     */
    static RangeBounds rangeBounds(String field, JsonNode spec, Instant now) {
        if (!spec.isObject()) {
            throw new IllegalArgumentException("[range] query malformed, expected an object for [" + field + "]");
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
        return new RangeBounds(lower, includeLower, upper, includeUpper, zone, formats, now);
    }

    /**
     * @param ignoringCase the event value the query would match were it case-insensitive; asked only on a miss on a
     *                     keyword field, where case is the usual reason
     */
    private static ClauseVerdict leafOutcome(FieldValues values, String query, Optional<String> hit, String verb, String where,
                                       Supplier<Optional<String>> ignoringCase) {
        String field = values.field().name();
        if (hit.isPresent()) {
            return new ClauseVerdict(true, where, field + " " + query + " matched " + hit.get());
        }
        if (!values.exists()) {
            return missing(values, where);
        }
        String caseOnly = values instanceof KeywordValues
                ? ignoringCase.get().map(v -> caseOnly(v, verb, query)).orElse("") : "";
        return ClauseVerdict.miss(where, new ClauseVerdict.Miss(field, verb, query, seen(values), caseOnly));
    }

    /** The event's values of the field, as its source has them. */
    private static List<String> seen(FieldValues values) {
        return values.field().values().stream()
                .map(v -> v.isTextual() ? FieldValues.quote(v.textValue()) : v.toString()).toList();
    }

    /** For a terms query on a keyword field: which event value equals one of the list but for case. */
    private static String caseOnly(FieldValues values, JsonNode list) {
        if (!(values instanceof KeywordValues)) {
            return "";
        }
        for (JsonNode v : list) {
            Optional<String> variant = values.term(v, true);
            if (variant.isPresent()) {
                return caseOnly(variant.get(), "equals", render(v, values));
            }
        }
        return "";
    }

    /**
     * Why an event value missed a value or pattern it matches but for case: {@code "CMD.EXE" differs from "cmd.exe"
     * only in case}, {@code "PWSH.EXE" matches "*pwsh*" only when case is ignored}.
     */
    private static String caseOnly(String eventValue, String verb, String query) {
        return eventValue + (verb.equals("equals") ? " differs from " + query + " only in case"
                : " matches " + query + " only when case is ignored");
    }

    private static ClauseVerdict missingOr(FieldValues values, String where, String detail) {
        return values.exists() ? new ClauseVerdict(false, where, detail) : missing(values, where);
    }

    private static ClauseVerdict missing(FieldValues values, String where) {
        return new ClauseVerdict(false, where, values.field().name() + " has no indexed value"
                + (values.field().values().isEmpty() ? "" : " (" + values.field().values().size() + " source value(s) not indexed)"));
    }
}
