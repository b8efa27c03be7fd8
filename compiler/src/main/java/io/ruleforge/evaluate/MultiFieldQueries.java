package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ruleforge.evaluate.QueryBodies.lenientIf;
import static io.ruleforge.evaluate.QueryBodies.parseOperator;
import static io.ruleforge.evaluate.QueryBodies.rejectUnknown;
import static io.ruleforge.evaluate.QueryBodies.render;
import static io.ruleforge.evaluate.QueryBodies.requireValue;

/**
 * The queries that search several fields at once: {@code multi_match} and {@code query_string}. Without fields
 * both search every field ({@code index.query.default_field: *}) and are lenient by default, so a value that does
 * not parse for a field's type just misses that field.
 */
final class MultiFieldQueries {

    private final FieldLookup lookup;

    MultiFieldQueries(FieldLookup lookup) {
        this.lookup = lookup;
    }

    ClauseVerdict multiMatch(JsonNode body, EvaluationScope doc, String where) {
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
        List<String> names = lookup.expand(allFields ? List.of("*") : fields, doc);
        boolean effectiveLenient = lenient != null ? lenient : allFields;
        final JsonNode q = query;
        final boolean operatorAnd = and;
        for (String name : names) {
            FieldValues values = lookup.values(name, doc);
            Optional<String> hit = lenientIf(effectiveLenient,
                    () -> phrase ? values.phrase(q) : values.match(q, operatorAnd));
            if (hit.isPresent()) {
                return new ClauseVerdict(true, where, name + " " + render(q, values) + " matched " + hit.get());
            }
        }
        return new ClauseVerdict(false, where, "no field " + (phrase ? "contains the phrase " : "matches ") + q);
    }

    ClauseVerdict queryString(JsonNode body, EvaluationScope doc, String where) {
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
                // the zone of date ranges and of a term on one date field; terms on all fields are not dates to it
                case "time_zone" -> {
                }
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
        List<String> clauses = QueryStringSyntax.clauses(query);
        boolean allFields = fields.isEmpty() || fields.equals(List.of("*"));
        List<String> patterns = allFields ? List.of("*") : fields;
        List<String> names = lookup.expand(patterns, doc);
        boolean effectiveLenient = lenient != null ? lenient : allFields;
        List<ClauseVerdict> outcomes = new ArrayList<>();
        if (allFields && clauses.equals(List.of("*"))) {
            // ES: "*" on the match-all field pattern is match_all, not an exists check (KQL's bare "*").
            return new ClauseVerdict(true, where, "query_string * on all fields matches every document");
        }
        boolean operatorAnd = and;
        for (String clause : clauses) {
            if (!leadingWildcard && (clause.startsWith("*") || clause.startsWith("?"))) {
                throw new IllegalArgumentException("Leading wildcard is not allowed: " + clause);
            }
            if (isLeftOut(clause, patterns, doc)) {
                continue;
            }
            outcomes.add(queryStringClause(clause, names, analyzeWildcard, operatorAnd, effectiveLenient, doc, where));
        }
        // default_operator OR: the first hit decides; AND: the first miss decides.
        return outcomes.stream().filter(o -> o.matched() != operatorAnd).findFirst()
                .or(() -> outcomes.stream().reduce((a, b) -> b))
                .orElse(new ClauseVerdict(false, where, "query_string [" + query + "] has no terms"));
    }

    /**
     * Whether Elasticsearch leaves the clause out of the query: plain text that analyses to no tokens on fields that
     * are all text (8.19.21: {@code \- hel*} with default_operator AND on message matched as {@code hel*}).
     */
    private boolean isLeftOut(String clause, List<String> fieldPatterns, EvaluationScope doc) {
        return QueryStringSyntax.isPlain(clause) && TextValues.hasNoTokens(WildcardPattern.unescape(clause))
                && lookup.allTextIn(fieldPatterns, doc);
    }

    /**
     * One clause ({@link QueryStringSyntax#clauses}) on the fields: {@code *} an exists check, a wildcard term a pattern,
     * and plain text, one term or a run, a match on each field under the default operator (ES: the parser's query
     * builder takes the default operator as its occur, so {@code foo-bar} with AND needs both tokens in a text field).
     */
    private ClauseVerdict queryStringClause(String term, List<String> fields, boolean analyzeWildcard, boolean operatorAnd,
                                            boolean lenient, EvaluationScope doc, String where) {
        TextNode text = QueryStringSyntax.isPlain(term) ? TextNode.valueOf(WildcardPattern.unescape(term)) : null;
        // Evaluate every field (no short cut) so that a field ES rejects is reported even if another one matched.
        ClauseVerdict found = null;
        for (String name : fields) {
            FieldValues values = lookup.values(name, doc);
            Optional<String> hit = term.equals("*")
                    ? (values.exists() ? Optional.of("a value") : Optional.empty())
                    : lenientIf(lenient, () -> text != null ? values.match(text, operatorAnd)
                    : values.queryStringTerm(term, analyzeWildcard));
            if (hit.isPresent() && found == null) {
                found = new ClauseVerdict(true, where, name + " " + FieldValues.quote(term) + " matched " + hit.get());
            }
        }
        return found != null ? found
                : new ClauseVerdict(false, where, "no value of " + String.join(",", fields.size() > 3
                ? List.of(fields.get(0), fields.get(1), "…") : fields) + " matches query_string " + FieldValues.quote(term));
    }
}
