package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.EventFields;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Explains an engine's verdict the way the evaluator explains its own: every clause of a query is tagged with
 * {@code _name} = its path ({@code bool.filter[1].bool.should[0]}, as in the evaluator's explanations), the
 * engine says which named clauses match an event ({@code matched_queries}), and {@link #explain} walks the
 * query down to the clause that decided, e.g.
 * {@code bool.must_not[0].bool.should[0].bool.should[0]: match destination.ip "10.0.0.0/8" matched (destination.ip: "10.1.2.3")}.
 */
public final class NamedClauses {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> FIELD_LEAVES = Set.of("term", "match", "match_phrase", "match_phrase_prefix",
            "wildcard", "prefix", "regexp", "fuzzy", "range");
    private static final Set<String> BODY_NAMED = Set.of("exists", "query_string", "multi_match", "simple_query_string",
            "ids", "match_all", "match_none", "nested", "constant_score", "terms");
    private static final int MAX_VALUES_SHOWN = 3;

    private NamedClauses() {
    }

    /** A copy of {@code query} whose every clause carries {@code _name}: its path ({@code query} for the root). */
    public static JsonNode tag(JsonNode query) {
        return tag(query, "");
    }

    private static JsonNode tag(JsonNode clause, String where) {
        if (clause == null || !clause.isObject() || clause.size() != 1) {
            return clause;
        }
        String type = clause.fieldNames().next();
        JsonNode body = clause.get(type);
        ObjectNode out = NODES.objectNode();
        String name = where.isEmpty() ? "query" : where;
        if (!body.isObject()) {
            out.set(type, body);
            return out;
        }
        ObjectNode copy = body.deepCopy();
        switch (type) {
            case "bool" -> {
                String self = child(where, "bool");
                for (String occur : List.of("must", "filter", "should", "must_not")) {
                    JsonNode children = body.get(occur);
                    if (children != null && children.isArray()) {
                        ArrayNode tagged = copy.putArray(occur);
                        for (int i = 0; i < children.size(); i++) {
                            tagged.add(tag(children.get(i), self + "." + occur + "[" + i + "]"));
                        }
                    } else if (children != null && children.isObject()) {
                        copy.set(occur, tag(children, self + "." + occur));
                    }
                }
                copy.put("_name", name);
            }
            case "constant_score" -> {
                copy.set("filter", tag(body.get("filter"), child(where, "constant_score.filter")));
                copy.put("_name", name);
            }
            case "nested" -> {
                copy.set("query", tag(body.get("query"), child(where, "nested")));
                copy.put("_name", name);
            }
            default -> {
                if (FIELD_LEAVES.contains(type) && copy.size() == 1) {
                    String field = copy.fieldNames().next();
                    JsonNode spec = copy.get(field);
                    ObjectNode named;
                    if (spec.isObject()) {
                        named = (ObjectNode) spec;
                    } else {
                        named = copy.putObject(field);
                        named.set(type.startsWith("match") ? "query" : "value", spec);
                    }
                    named.put("_name", name);
                } else if (BODY_NAMED.contains(type)) {
                    copy.put("_name", name);
                }
            }
        }
        out.set(type, copy);
        return out;
    }

    /**
     * One line naming the clause that decided the verdict on an event.
     *
     * @param query   the untagged query
     * @param matched the {@code _name}s of the tagged clauses that match the event on their own
     * @param event   the event, to quote the values the deciding clause looked at
     */
    public static String explain(JsonNode query, Set<String> matched, JsonNode event) {
        return decide(query, "", matched, event);
    }

    private static String decide(JsonNode clause, String where, Set<String> matched, JsonNode event) {
        String name = where.isEmpty() ? "query" : where;
        boolean isMatched = matched.contains(name);
        if (clause == null || !clause.isObject() || clause.size() != 1) {
            return name + ": " + (isMatched ? "matched" : "did not match");
        }
        String type = clause.fieldNames().next();
        JsonNode body = clause.get(type);
        if (type.equals("bool") && body.isObject()) {
            String self = child(where, "bool");
            List<String[]> children = new ArrayList<>();
            for (String occur : List.of("must", "filter", "should", "must_not")) {
                JsonNode c = body.get(occur);
                if (c != null && c.isArray()) {
                    for (int i = 0; i < c.size(); i++) {
                        children.add(new String[] {occur, self + "." + occur + "[" + i + "]", String.valueOf(i)});
                    }
                } else if (c != null && c.isObject()) {
                    children.add(new String[] {occur, self + "." + occur, "-1"});
                }
            }
            if (!isMatched) {
                for (String[] c : children) {
                    boolean required = c[0].equals("must") || c[0].equals("filter");
                    if (required && !matched.contains(c[1])) {
                        return decide(childClause(body, c), c[1], matched, event);
                    }
                }
                for (String[] c : children) {
                    if (c[0].equals("must_not") && matched.contains(c[1])) {
                        return decide(childClause(body, c), c[1], matched, event);
                    }
                }
                List<String[]> should = children.stream().filter(c -> c[0].equals("should")).toList();
                if (should.size() == 1) {
                    return decide(childClause(body, should.get(0)), should.get(0)[1], matched, event);
                }
                long shouldMatched = should.stream().filter(c -> matched.contains(c[1])).count();
                return self + ".should: " + shouldMatched + " of " + should.size() + " should clauses matched";
            }
            List<String[]> should = children.stream().filter(c -> c[0].equals("should") && matched.contains(c[1])).toList();
            long required = children.stream().filter(c -> c[0].equals("must") || c[0].equals("filter")).count();
            long excluded = children.stream().filter(c -> c[0].equals("must_not")).count();
            if (required == 0 && excluded == 0 && !should.isEmpty()) {
                return decide(childClause(body, should.get(0)), should.get(0)[1], matched, event);
            }
            if (required == 1 && excluded == 0 && children.size() == 1) {
                return decide(childClause(body, children.get(0)), children.get(0)[1], matched, event);
            }
            return self + ": all " + required + " must/filter clauses matched"
                    + (excluded == 0 ? "" : " and none of " + excluded + " must_not clauses");
        }
        if (type.equals("constant_score") && body.isObject()) {
            return decide(body.get("filter"), child(where, "constant_score.filter"), matched, event);
        }
        return name + ": " + summary(type, body) + (isMatched ? " matched" : " did not match") + valuesOf(type, body, event);
    }

    private static JsonNode childClause(JsonNode boolBody, String[] child) {
        JsonNode c = boolBody.get(child[0]);
        int index = Integer.parseInt(child[2]);
        return index < 0 ? c : c.get(index);
    }

    /** {@code term process.name "cmd.exe"}, {@code range @timestamp {"gte":"now-5m"}}, {@code exists user.name}. */
    static String summary(String type, JsonNode body) {
        String field = fieldOf(type, body);
        if (type.equals("exists")) {
            return "exists " + field;
        }
        if (FIELD_LEAVES.contains(type) && field != null) {
            JsonNode spec = body.get(field);
            JsonNode value = spec;
            if (spec.isObject()) {
                value = spec.has("value") ? spec.get("value") : spec.has("query") ? spec.get("query") : withoutName(spec);
            }
            return type + " " + field + " " + value;
        }
        return type + " " + withoutName(body);
    }

    private static JsonNode withoutName(JsonNode spec) {
        if (spec.isObject() && spec.has("_name")) {
            ObjectNode copy = spec.deepCopy();
            copy.remove("_name");
            return copy;
        }
        return spec;
    }

    private static String fieldOf(String type, JsonNode body) {
        if (type.equals("exists")) {
            return body.path("field").asText(null);
        }
        if ((FIELD_LEAVES.contains(type) || type.equals("terms")) && body.isObject()) {
            for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!key.equals("_name") && !key.equals("boost")) {
                    return key;
                }
            }
        }
        return null;
    }

    private static String valuesOf(String type, JsonNode body, JsonNode event) {
        String field = fieldOf(type, body);
        if (field == null) {
            return "";
        }
        List<JsonNode> values = EventFields.values(event, field);
        String shown = field;
        if (values.isEmpty() && field.lastIndexOf('.') > 0) {
            // a multi-field (process.command_line.text) indexes its parent's value
            String parent = field.substring(0, field.lastIndexOf('.'));
            List<JsonNode> parentValues = EventFields.values(event, parent);
            if (!parentValues.isEmpty() && parentValues.stream().noneMatch(JsonNode::isObject)) {
                values = parentValues;
                shown = parent;
            }
        }
        if (values.isEmpty()) {
            return " (" + field + " is missing from the event)";
        }
        String listed = values.stream().limit(MAX_VALUES_SHOWN).map(JsonNode::toString).collect(Collectors.joining(", "));
        return " (" + shown + ": " + listed + (values.size() > MAX_VALUES_SHOWN ? ", …" : "") + ")";
    }

    private static String child(String where, String step) {
        return where.isEmpty() ? step : where + "." + step;
    }

    /** The clause names matched per event id, as sets. */
    static Map<String, Set<String>> asSets(Map<String, List<String>> matched) {
        return matched.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
    }
}
