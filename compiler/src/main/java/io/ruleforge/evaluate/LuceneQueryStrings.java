package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.lucene.LuceneNode;
import io.ruleforge.lucene.LuceneParseResult;
import io.ruleforge.lucene.LuceneParser;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code query_string} with Lucene syntax beyond a list of terms (operators, groups, {@code field:} prefixes,
 * phrases, ranges, regular expressions) — what lucene-language rules send. Lucene's own classic parser reads it
 * ({@link LuceneParser}) and each node becomes the DSL Elasticsearch's {@code QueryStringQueryParser} builds for it:
 * a group a {@code bool} (Elasticsearch fixes purely negative groups to match all other documents, as a
 * {@code must_not}-only bool does), a bare term a {@code match} on its field ({@code multi_match} without one), a
 * wildcard one single-term {@code query_string} on its field (so the per-type rules of {@link MultiFieldQueries}
 * decide it), a phrase {@code match_phrase}, {@code field:*} and
 * {@code _exists_:} {@code exists}, a range {@code range}, {@code /re/} {@code regexp}. Syntax whose matching is not
 * modelled (fuzzy terms, phrase slop, regular expressions or ranges on all fields) is refused, never approximated.
 *
 * <p>Two readings depend on the fields' types, which {@link TextFields} tells: a term or phrase that analyses to no
 * tokens on every field it searches is left out of the query ({@link LuceneParser.DroppedTerms}), and a range on a
 * text field compares with its bounds normalized by the field's search analyzer (lower-cased), which a DSL
 * {@code range} on a text field does not do (8.19.21: {@code message:[A TO C]} matched the token "b",
 * {@code {"range":{"message":{"gte":"A","lte":"C"}}}} did not).
 */
final class LuceneQueryStrings {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private LuceneQueryStrings() {
    }

    /** Whether the query_string is whitespace-separated terms only, which {@link MultiFieldQueries} decides itself. */
    static boolean isTermList(JsonNode body) {
        JsonNode query = body.get("query");
        if (query == null || !query.isTextual()) {
            return true; // let the term-list path report the missing query as Elasticsearch does
        }
        try {
            QueryStringSyntax.terms(query.textValue());
            return true;
        } catch (IllegalArgumentException beyondTerms) {
            return false;
        }
    }

    /**
     * Whether Elasticsearch parses the query_string leniently: on the default field {@code *} (no {@code fields}, no
     * {@code default_field}, as Kibana sends a Lucene rule's) unless {@code lenient: false}, or with
     * {@code lenient: true}. A clause that fails on its field then matches nothing instead of failing the search.
     */
    static boolean isLenient(JsonNode body) {
        JsonNode lenient = body.get("lenient");
        return lenient != null ? lenient.asBoolean() : !body.has("default_field")
                && (!body.has("fields") || (body.get("fields").size() == 1 && body.get("fields").get(0).asText().equals("*")));
    }

    /** The query types {@link #toDsl} makes of a Lucene clause, each of which a lenient parser turns into no match when it fails. */
    static boolean isClause(String type) {
        return switch (type) {
            case "match", "match_phrase", "multi_match", "query_string", "regexp", "range", "exists" -> true;
            default -> false;
        };
    }

    /** Which fields Elasticsearch analyses as text (the standard analyzer), where the query is decided. */
    interface TextFields {

        /**
         * Whether every field a clause on {@code field} searches is text: the field itself, each field a pattern
         * matches, or each of all fields when empty; false when there is none (Elasticsearch then searches an
         * unmapped field, which matches nothing rather than being left out).
         */
        boolean allText(Optional<String> field);

        /** Whether the field is text. */
        boolean isText(String field);
    }

    /**
     * What a {@link TextFields} throws when only an event can tell (an unmapped or dynamic field): the query_string is
     * then read again at each event ({@link MatcherCompiler}).
     */
    static IllegalArgumentException decidedPerEvent() {
        return new IllegalArgumentException("the query_string's reading depends on the event's field types");
    }

    /**
     * The DSL of a query_string body, read on fields whose types {@code textFields} tells.
     *
     * @throws IllegalArgumentException when Elasticsearch would fail to parse the query, or it uses syntax the
     *                                  evaluator does not model
     */
    static ObjectNode toDsl(JsonNode body, TextFields textFields) {
        String query = null;
        List<String> fields = new ArrayList<>();
        Boolean lenient = null;
        boolean analyzeWildcard = false;
        String timeZone = null;
        boolean and = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "query" -> query = v.asText();
                case "fields" -> v.forEach(n -> fields.add(n.asText()));
                case "default_field" -> fields.add(v.asText());
                case "analyze_wildcard" -> analyzeWildcard = v.asBoolean();
                case "lenient" -> lenient = v.asBoolean();
                case "time_zone" -> timeZone = v.asText();
                case "default_operator" -> and = QueryBodies.parseOperator(v.asText());
                case "allow_leading_wildcard" -> {
                    if (!v.asBoolean()) {
                        throw new IllegalArgumentException("[query_string] allow_leading_wildcard false with Lucene "
                                + "operators is not supported by the evaluator");
                    }
                }
                default -> QueryBodies.rejectUnknown("query_string", e.getKey());
            }
        }
        if (query == null) {
            throw new IllegalArgumentException("[query_string] must be provided with a [query]");
        }
        if (and) {
            throw new IllegalArgumentException("[query_string] default_operator AND with Lucene operators is not supported by the evaluator");
        }
        if (!(fields.isEmpty() || fields.equals(List.of("*")))) {
            throw new IllegalArgumentException("[query_string] fields with Lucene operators are not supported by the evaluator");
        }
        // Elasticsearch's QueryStringQueryParser reads a term with zero_terms_query NULL: no tokens on a text field
        // is no query, on each field, and the term is left out when no field is left (8.19.21: process.name:chmod AND
        // message:\- matched as process.name:chmod; a keyword field keeps "-" as its term). Only a text that analyses
        // to nothing needs the field types.
        LuceneParseResult parsed = LuceneParser.parse(query,
                term -> TextValues.hasNoTokens(term.text()) && textFields.allText(term.field()));
        if (parsed instanceof LuceneParseResult.Failure failure) {
            throw new IllegalArgumentException("Failed to parse query [" + query + "]: " + failure.error().message()
                    + " at character " + failure.error().offset());
        }
        // Elasticsearch makes a query on all fields (the default field *) lenient unless told otherwise.
        Settings settings = new Settings(lenient == null || lenient, analyzeWildcard, Optional.ofNullable(timeZone), textFields);
        return node(((LuceneParseResult.Success) parsed).root(), settings);
    }

    private record Settings(boolean lenient, boolean analyzeWildcard, Optional<String> timeZone, TextFields textFields) {
    }

    private static ObjectNode node(LuceneNode node, Settings settings) {
        if (node instanceof LuceneNode.Bool bool) {
            return bool(bool, settings);
        }
        if (node instanceof LuceneNode.Term term) {
            return term.phrase() ? phrase(term, settings) : match(term, settings);
        }
        if (node instanceof LuceneNode.Wildcard w) {
            return w.field().isEmpty() && w.pattern().equals("*")
                    ? wrap("match_all", JSON.objectNode())
                    : singleTerm(w.field(), w.pattern(), settings);
        }
        if (node instanceof LuceneNode.Exists exists) {
            return wrap("exists", JSON.objectNode().put("field", exists.field()));
        }
        if (node instanceof LuceneNode.Regexp regexp) {
            return wrap("regexp", JSON.objectNode().set(
                    requireField(regexp.field(), "regular expression /" + regexp.pattern() + "/"),
                    JSON.objectNode().put("value", regexp.pattern())));
        }
        if (node instanceof LuceneNode.Range range) {
            return range(range, settings);
        }
        LuceneNode.Unsupported unsupported = (LuceneNode.Unsupported) node;
        throw new IllegalArgumentException("query_string " + unsupported.what() + " is not supported by the evaluator");
    }

    private static ObjectNode bool(LuceneNode.Bool bool, Settings settings) {
        if (bool.clauses().isEmpty()) {
            return wrap("match_none", JSON.objectNode());
        }
        ObjectNode body = JSON.objectNode();
        for (LuceneNode.Clause clause : bool.clauses()) {
            String occur = switch (clause.occur()) {
                case MUST -> "must";
                case SHOULD -> "should";
                case MUST_NOT -> "must_not";
            };
            ArrayNode list = body.has(occur) ? (ArrayNode) body.get(occur) : body.putArray(occur);
            list.add(node(clause.node(), settings));
        }
        return wrap("bool", body);
    }

    private static ObjectNode singleTerm(Optional<String> field, String escapedTerm, Settings settings) {
        ObjectNode body = JSON.objectNode().put("query", escapedTerm);
        field.ifPresent(f -> body.putArray("fields").add(f));
        body.put("analyze_wildcard", settings.analyzeWildcard());
        body.put("lenient", settings.lenient());
        return wrap("query_string", body);
    }

    /**
     * Elasticsearch analyses a bare term's text with the field's search analyzer: a match query. A field pattern
     * ({@code process.\*:cmd.exe}) searches every field it matches, as the query's own fields would
     * ({@code QueryStringQueryParser.extractMultiFields}): a {@code multi_match} over the pattern. (Not modelled: the
     * parser keeps a pattern's fields that are not indexed, {@code index: false}, which {@code multi_match} leaves
     * out; such a field in a user's mapping is decided here as the multi_match decides it.)
     */
    private static ObjectNode match(LuceneNode.Term term, Settings settings) {
        if (term.field().isEmpty()) {
            return wrap("multi_match", JSON.objectNode().put("query", term.text()).put("lenient", settings.lenient()));
        }
        if (term.searchesFieldPattern()) {
            ObjectNode body = JSON.objectNode().put("query", term.text()).put("lenient", settings.lenient());
            body.putArray("fields").add(term.field().get());
            return wrap("multi_match", body);
        }
        return wrap("match", JSON.objectNode().set(term.field().get(),
                JSON.objectNode().put("query", term.text()).put("lenient", settings.lenient())));
    }

    private static ObjectNode phrase(LuceneNode.Term term, Settings settings) {
        if (term.field().isEmpty() || term.searchesFieldPattern()) {
            ObjectNode body = JSON.objectNode().put("query", term.text()).put("type", "phrase").put("lenient", settings.lenient());
            term.field().ifPresent(pattern -> body.putArray("fields").add(pattern));
            return wrap("multi_match", body);
        }
        return wrap("match_phrase", JSON.objectNode().set(term.field().get(), JSON.objectNode().put("query", term.text())));
    }

    /**
     * A range's bounds go through the field's search analyzer's normalization ({@code QueryStringQueryParser}
     * normalizes them before the field's range query): on a text field they are lower-cased; a keyword field's
     * normalizer the DSL range applies itself, and other types' analyzers leave them as written.
     */
    private static ObjectNode range(LuceneNode.Range range, Settings settings) {
        String field = requireField(range.field(), "range");
        boolean normalized = (changesWhenNormalized(range.lower()) || changesWhenNormalized(range.upper()))
                && isTextRange(range, field, settings.textFields());
        ObjectNode bounds = JSON.objectNode();
        java.util.function.UnaryOperator<String> searched = normalized ? StandardAnalyzer::normalize : bound -> bound;
        range.lower().map(searched).ifPresent(v -> bounds.put(range.includeLower() ? "gte" : "gt", v));
        range.upper().map(searched).ifPresent(v -> bounds.put(range.includeUpper() ? "lte" : "lt", v));
        settings.timeZone().ifPresent(zone -> bounds.put("time_zone", zone));
        return wrap("range", JSON.objectNode().set(field, bounds));
    }

    private static boolean changesWhenNormalized(Optional<String> bound) {
        return bound.map(b -> !StandardAnalyzer.normalize(b).equals(b)).orElse(false);
    }

    /**
     * Whether the range's field is text. A pattern's fields would each normalize the bounds their own way, which
     * one DSL range cannot say: refused when the normalization would matter.
     */
    private static boolean isTextRange(LuceneNode.Range range, String field, TextFields textFields) {
        if (range.searchesFieldPattern()) {
            throw new IllegalArgumentException("query_string range on a field pattern (" + field
                    + ") with bounds its text fields would lower-case is not supported by the evaluator");
        }
        return textFields.isText(field);
    }

    private static String requireField(Optional<String> field, String what) {
        return field.orElseThrow(() -> new IllegalArgumentException(
                "query_string " + what + " without a field (on all fields) is not supported by the evaluator"));
    }

    private static ObjectNode wrap(String type, JsonNode body) {
        ObjectNode out = JSON.objectNode();
        out.set(type, body);
        return out;
    }
}
