package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Routes each clause to its query type and turns Elasticsearch-style refusals into
 * {@link DslEvaluationException}s carrying the clause path. Compound queries (bool, nested, constant_score)
 * live here; leaves are in {@link LeafQueries} and {@link MultiFieldQueries}.
 */
final class QueryDispatcher {

    private final FieldResolver resolver;
    private final FieldLookup lookup;
    private final LeafQueries leaves;
    private final MultiFieldQueries multiField;

    QueryDispatcher(FieldResolver resolver) {
        this.resolver = resolver;
        this.lookup = new FieldLookup(resolver);
        this.leaves = new LeafQueries(lookup);
        this.multiField = new MultiFieldQueries(lookup);
    }

    ClauseVerdict evaluate(JsonNode clause, EvaluationScope doc, String where) {
        String at = where.isEmpty() ? "query" : where;
        if (clause == null || !clause.isObject() || clause.size() != 1) {
            throw new DslEvaluationException(at + ": a query must be an object with exactly one query type, got "
                    + (clause == null ? "nothing" : abbreviate(clause.toString())));
        }
        Map.Entry<String, JsonNode> entry = clause.fields().next();
        String type = entry.getKey();
        JsonNode body = entry.getValue();
        try {
            return switch (type) {
                case "bool" -> BoolQuery.evaluate(body, where, (child, path) -> evaluate(child, doc, path));
                case "match_all" -> new ClauseVerdict(true, where, "match_all");
                case "match_none" -> new ClauseVerdict(false, where, "match_none");
                case "constant_score" -> evaluate(required(body, "filter", type), doc, ClauseVerdict.child(where, "constant_score.filter"));
                case "nested" -> nested(body, doc, where);
                case "match" -> leaves.match(body, doc, where);
                case "match_phrase" -> leaves.matchPhrase(body, doc, where);
                case "multi_match" -> multiField.multiMatch(body, doc, where);
                case "term" -> leaves.term(body, doc, where);
                case "terms" -> leaves.terms(body, doc, where);
                case "wildcard" -> leaves.wildcard(body, doc, where);
                case "query_string" -> LuceneQueryStrings.isTermList(body)
                        ? multiField.queryString(body, doc, where)
                        : evaluate(LuceneQueryStrings.toDsl(body, textFields(doc)), LuceneQueryStrings.isLenient(body) ? doc.asLenient() : doc,
                                ClauseVerdict.child(where, "query_string"));
                case "regexp" -> leaves.regexp(body, doc, where);
                case "exists" -> leaves.exists(body, doc, where);
                case "range" -> leaves.range(body, doc, where);
                default -> throw new IllegalArgumentException("unknown query [" + type + "]");
            };
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            if (doc.lenient() && LuceneQueryStrings.isClause(type)) {
                return lenientFailure(where, type, e.getMessage());
            }
            throw DslEvaluationException.of(at + ": " + type + ": " + e.getMessage(), e);
        } catch (DslEvaluationException e) {
            if (doc.lenient() && LuceneQueryStrings.isClause(type) && !e.isNotModelled()) {
                return lenientFailure(where, type, e.getMessage());
            }
            throw e;
        }
    }

    /** The event's text fields, as the index holding it would map them (dynamic fields included). */
    private LuceneQueryStrings.TextFields textFields(EvaluationScope doc) {
        return new LuceneQueryStrings.TextFields() {
            @Override
            public boolean allText(java.util.Optional<String> field) {
                return lookup.allTextIn(List.of(field.orElse("*")), doc);
            }

            @Override
            public boolean isText(String field) {
                return lookup.isText(field, doc);
            }
        };
    }

    /**
     * A clause of a lenient query_string that fails on its field: Elasticsearch's parser makes it a query matching
     * nothing (a {@code MatchNoDocsQuery} naming the failure), and the rest of the query still runs.
     */
    private static ClauseVerdict lenientFailure(String where, String type, String failure) {
        return new ClauseVerdict(false, where, type + " matches nothing: it fails on its field (" + failure
                + "), and the query_string is lenient");
    }

    /**
     * nested: the inner query must match one object of the nested array on its own. The inner query is also run
     * on an empty object so that a query ES would reject is reported even when the event has no nested objects.
     */
    private ClauseVerdict nested(JsonNode body, EvaluationScope doc, String where) {
        String path = required(body, "path", "nested").asText();
        JsonNode inner = required(body, "query", "nested");
        boolean ignoreUnmapped = body.path("ignore_unmapped").asBoolean(false);
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!List.of("path", "query", "score_mode", "ignore_unmapped", "inner_hits", "boost", "_name").contains(key)) {
                throw new IllegalArgumentException("[nested] query does not support [" + key + "]");
            }
        }
        if (!resolver.isNested(path)) {
            if (ignoreUnmapped && !resolver.isMapped(path)) {
                return new ClauseVerdict(false, where, path + " is not mapped as nested (ignore_unmapped)");
            }
            throw new IllegalArgumentException("[nested] failed to find nested object under path [" + path + "]");
        }
        evaluate(inner, new EvaluationScope(wrap(path, JsonNodeFactory.instance.objectNode()), path, doc.now()),
                ClauseVerdict.child(where, "nested"));
        List<JsonNode> objects = EventFields.values(doc.source(), path);
        ClauseVerdict firstMatch = null;
        int index = 0;
        for (JsonNode object : objects) {
            if (object.isObject()) {
                ClauseVerdict o = evaluate(inner, new EvaluationScope(wrap(path, object), path, doc.now()),
                        ClauseVerdict.child(where, "nested[" + index + "]"));
                if (o.matched() && firstMatch == null) {
                    firstMatch = o;
                }
                index++;
            }
        }
        if (firstMatch != null) {
            return firstMatch;
        }
        return new ClauseVerdict(false, where, "none of " + index + " nested objects under " + path + " matched");
    }

    private static ObjectNode wrap(String path, JsonNode object) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.set(path, object);
        return doc;
    }

    private static JsonNode required(JsonNode body, String key, String queryName) {
        JsonNode v = body.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("[" + queryName + "] requires '" + key + "' field");
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
