package io.ruleforge.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlNode;
import io.ruleforge.kql.KqlValue;
import io.ruleforge.ql.SourceSpan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The DSL back end: a KQL tree to the Elasticsearch query DSL exactly as Kibana's {@code toElasticsearchQuery(ast,
 * dataView, config)} builds it (KQL_SPEC §5, §6), keys in Kibana's order.
 *
 * <p>An empty {@link FieldSchema} reproduces Kibana without a data view. With a schema, field names are resolved
 * against it (wildcard names expand to every matching field), {@code keyword} fields get {@code term}/{@code
 * wildcard} (8.x), {@code date} fields get {@code range} and nested paths are checked; misuse throws
 * {@link DslTranslationException} with Kibana's message. Instances are immutable and thread-safe.
 */
public final class DslCompiler {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final KibanaVersion version;
    private final SchemaFields fields;
    private final DslOptions options;

    public DslCompiler(KibanaVersion version, FieldSchema schema) {
        this(version, schema, DslOptions.DEFAULT);
    }

    public DslCompiler(KibanaVersion version, FieldSchema schema, DslOptions options) {
        this.version = Objects.requireNonNull(version, "version");
        this.fields = new SchemaFields(Objects.requireNonNull(schema, "schema"));
        this.options = Objects.requireNonNull(options, "options");
    }

    /** @throws DslTranslationException where Kibana throws (nested field misuse) */
    public ObjectNode compile(KqlNode root) {
        return compile(root, null);
    }

    /**
     * @param nestedPath the prefix for field names inside the enclosing nested group(s): its full path when that
     *                   is truthy in JavaScript, null outside any group or under a path Kibana does not prepend
     *                   ({@code "":{…}}, {@code false:{…}}, {@code null:{…}})
     */
    private ObjectNode compile(KqlNode node, String nestedPath) {
        if (node instanceof KqlNode.And and) {
            return bool("filter", children(and.children(), nestedPath));
        }
        if (node instanceof KqlNode.Or or) {
            return should(children(or.children(), nestedPath));
        }
        if (node instanceof KqlNode.Not not) {
            ObjectNode bool = object(1);
            bool.set("must_not", compile(not.child(), nestedPath)); // an object, not an array, in KQL's not
            return wrap("bool", bool);
        }
        if (node instanceof KqlNode.Nested nested) {
            return nested(nested, nestedPath);
        }
        if (node instanceof KqlNode.Is is) {
            return is(is, nestedPath);
        }
        return range((KqlNode.Range) node, nestedPath);
    }

    private ArrayNode children(List<KqlNode> children, String nestedPath) {
        ArrayNode array = JSON.arrayNode(children.size());
        for (KqlNode child : children) {
            array.add(compile(child, nestedPath));
        }
        return array;
    }

    private ObjectNode nested(KqlNode.Nested nested, String nestedPath) {
        // Kibana keeps the literal's JSON type (`true:{…}` → "path":true) and prefixes only under a truthy path
        JsonNode path = nested.path() instanceof KqlValue.Literal literal
                ? jsonValue(literal) : JSON.textNode(termText(nested.path()));
        JsonNode fullPath = nestedPath != null ? JSON.textNode(nestedPath + "." + jsText(path)) : path;
        ObjectNode body = object(3);
        body.set("path", fullPath);
        body.set("query", compile(nested.child(), isTruthy(fullPath) ? jsText(fullPath) : null));
        body.put("score_mode", "none");
        return wrap("nested", body);
    }

    // ------------------------------------------------------------------ is

    private ObjectNode is(KqlNode.Is is, String nestedPath) {
        KqlValue value = is.value();
        boolean existsQuery = value instanceof KqlValue.Wildcard w && w.isLoneStar();
        boolean allFields = is.field() instanceof KqlValue.Wildcard f && f.isLoneStar();
        if (existsQuery && allFields) {
            return wrap("match_all", object(0));
        }
        FullFieldName field = fullFieldName(is.field(), nestedPath, is.span());
        if (field == null) {
            return fieldlessQuery(value);
        }
        List<Target> targets = targets(field, nestedPath);
        // Kibana's shortcut: an exists check over every field of the data view matches everything
        if (existsQuery && !fields.isEmpty() && targets.size() == fields.size()) {
            return wrap("match_all", object(0));
        }
        List<ObjectNode> queries = new ArrayList<>();
        for (Target target : targets) {
            queries.add(target.wrapNested(isQuery(target, value, existsQuery)));
        }
        return should(queries);
    }

    private ObjectNode fieldlessQuery(KqlValue value) {
        if (value instanceof KqlValue.Wildcard pattern) {
            ObjectNode qs = object(1);
            qs.put("query", QueryStringText.escaped(pattern));
            return wrap("query_string", qs);
        }
        KqlValue.Literal literal = (KqlValue.Literal) value;
        ObjectNode mm = object(3);
        mm.put("type", literal.quoted() ? "phrase" : "best_fields");
        mm.set("query", jsonValue(literal));
        mm.put("lenient", true);
        return wrap("multi_match", mm);
    }

    private ObjectNode isQuery(Target target, KqlValue value, boolean existsQuery) {
        String name = target.name();
        // term/wildcard for keyword fields arrived in Kibana 8.6 (#143599); 7.x always uses match/query_string
        boolean keyword = version.atLeast(KibanaVersion.V8_9) && target.isKeyword();
        if (existsQuery) {
            ObjectNode exists = object(1);
            exists.set("field", target.jsonName());
            return wrap("exists", exists);
        }
        if (value instanceof KqlValue.Wildcard pattern) {
            if (keyword) {
                // 8.6–8.11 pass the raw pattern (backslashes unescaped, #169709); 8.12 the query_string form
                String text = version.atLeast(KibanaVersion.V8_12)
                        ? QueryStringText.escaped(pattern) : QueryStringText.raw(pattern);
                ObjectNode v = object(1);
                v.put("value", text);
                return wrap("wildcard", wrap(name, v));
            }
            ObjectNode qs = object(2);
            qs.set("fields", JSON.arrayNode(1).add(target.jsonName()));
            qs.put("query", QueryStringText.escaped(pattern));
            return wrap("query_string", qs);
        }
        KqlValue.Literal literal = (KqlValue.Literal) value;
        if (target.isDate()) {
            ObjectNode bounds = object(3);
            bounds.set("gte", jsonValue(literal));
            bounds.set("lte", jsonValue(literal));
            options.timeZone().ifPresent(tz -> bounds.put("time_zone", tz));
            return wrap("range", wrap(name, bounds));
        }
        if (keyword) {
            ObjectNode v = object(1);
            v.set("value", jsonValue(literal));
            return wrap("term", wrap(name, v));
        }
        ObjectNode match = object(1);
        match.set(name, jsonValue(literal));
        return wrap(literal.quoted() ? "match_phrase" : "match", match);
    }

    // ------------------------------------------------------------------ range

    private ObjectNode range(KqlNode.Range range, String nestedPath) {
        FullFieldName field = fullFieldName(range.field(), nestedPath, range.span());
        if (field == null) {
            // a field spelled `null`: Kibana uses the literal's value, which becomes the key "null"
            field = new FullFieldName("null", JSON.nullNode(), null, false);
        }
        List<ObjectNode> queries = new ArrayList<>();
        for (Target target : targets(field, nestedPath)) {
            ObjectNode params = object(2);
            params.set(range.operator().dslName(), rangeValue(range.value()));
            if (target.isDate()) {
                options.timeZone().ifPresent(tz -> params.put("time_zone", tz));
            }
            queries.add(target.wrapNested(wrap("range", wrap(target.name(), params))));
        }
        return should(queries);
    }

    private JsonNode rangeValue(KqlValue value) {
        if (value instanceof KqlValue.Literal literal) {
            return jsonValue(literal);
        }
        KqlValue.Wildcard pattern = (KqlValue.Wildcard) value;
        if (version.atLeast(KibanaVersion.V8_9)) {
            return JSON.textNode(QueryStringText.raw(pattern));
        }
        // 7.x serialises the wildcard node itself into the range (sic, KQL_SPEC §5.3 `x > *`)
        ObjectNode node = object(2);
        node.put("type", "wildcard");
        node.put("value", QueryStringText.withMarkers(pattern));
        return node;
    }

    // ------------------------------------------------------------------ fields

    /**
     * The field term with the enclosing nested path prepended (Kibana's getFullFieldNameNode), checked against the
     * schema's nested paths. Null for "no field" (a bare value, or a field spelled {@code null}).
     */
    private FullFieldName fullFieldName(KqlValue field, String nestedPath, SourceSpan span) {
        FullFieldName full;
        if (nestedPath == null && (field == null || (field instanceof KqlValue.Literal l && l.value() == null))) {
            return null;
        }
        if (field == null) {
            // a bare value inside a nested group: Kibana prefixes its null field, giving "<path>.null"
            field = new KqlValue.Literal(null, false, span);
        }
        String prefix = nestedPath != null ? nestedPath + "." : "";
        if (field instanceof KqlValue.Wildcard pattern) {
            String name = prefix + QueryStringText.raw(pattern);
            full = new FullFieldName(name, JSON.textNode(name), QueryStringText.fieldNamePattern(prefix, pattern), true);
            if (nestedPath == null) {
                return full; // wildcards are auto-wrapped per matching nested field instead of being checked
            }
        } else {
            KqlValue.Literal literal = (KqlValue.Literal) field;
            // Kibana compares data view names with the literal's value: a typed `true`/`false` field never matches
            boolean matchable = nestedPath != null || literal.value() instanceof String;
            String name = prefix + literal.text();
            // outside a nested group the field keeps its JSON type where Kibana emits it as a value ({"exists":{"field":true}})
            JsonNode jsonName = nestedPath != null ? JSON.textNode(name) : jsonValue(literal);
            full = new FullFieldName(name, jsonName, null, matchable);
        }
        if (fields.isEmpty() || !full.matchable()) {
            return full;
        }
        List<String> errors = new ArrayList<>();
        for (FieldMapping m : fields.matching(full.name(), full.pattern())) {
            Optional<String> fieldPath = fields.nestedPathOf(m.name());
            if (nestedPath != null && fieldPath.isEmpty()) {
                errors.add(m.name() + " is not a nested field but is in nested group \"" + nestedPath
                        + "\" in the KQL expression.");
            } else if (fieldPath.isPresent() && nestedPath == null) {
                errors.add(m.name() + " is a nested field, but is not in a nested group in the KQL expression.");
            } else if (fieldPath.isPresent() && !fieldPath.get().equals(nestedPath)) {
                errors.add("Nested field " + m.name() + " is being queried with the incorrect nested path. "
                        + "The correct path is " + fieldPath.get() + ".");
            }
        }
        if (!errors.isEmpty()) {
            throw new DslTranslationException(String.join("\n", errors), span);
        }
        return full;
    }

    /** The fields a clause is emitted for: the schema's matches, else the name as written (Kibana's fallback). */
    private List<Target> targets(FullFieldName field, String nestedPath) {
        List<FieldMapping> matches = fields.isEmpty() || !field.matchable()
                ? List.of() : fields.matching(field.name(), field.pattern());
        if (matches.isEmpty()) {
            return List.of(new Target(field.name(), field.jsonName(), "", Optional.empty()));
        }
        List<Target> targets = new ArrayList<>(matches.size());
        for (FieldMapping m : matches) {
            // only a wildcard field name outside any nested group is auto-wrapped into the field's nested query
            Optional<String> wrapPath = field.pattern() != null && nestedPath == null
                    ? fields.nestedPathOf(m.name()) : Optional.empty();
            targets.add(new Target(m.name(), JSON.textNode(m.name()), m.type(), wrapPath));
        }
        return targets;
    }

    /**
     * @param name    full field name as Elasticsearch sees it ({@code *} kept for wildcard names)
     * @param jsonName  the name where Kibana emits it as a JSON value (exists, query_string fields): a string, or the
     *                  boolean of a field spelled {@code true}/{@code false}
     * @param pattern   regex for a wildcard name, null for a literal one
     * @param matchable false when Kibana cannot find it in a data view (a {@code true}/{@code false}/{@code null}
     *                  literal, whose value is not a string)
     */
    private record FullFieldName(String name, JsonNode jsonName, Pattern pattern, boolean matchable) {
    }

    /** One field a leaf query is emitted for. {@code esType} is empty for an unknown field. */
    private record Target(String name, JsonNode jsonName, String esType, Optional<String> autoNestedPath) {

        boolean isDate() {
            return esType.equals("date") || esType.equals("date_nanos"); // Kibana type "date" covers both
        }

        /** Kibana 8.6+: a field whose esTypes are exactly ["keyword"]. */
        boolean isKeyword() {
            return esType.equals("keyword");
        }

        ObjectNode wrapNested(ObjectNode query) {
            if (autoNestedPath.isEmpty()) {
                return query;
            }
            ObjectNode body = object(3);
            body.put("path", autoNestedPath.get());
            body.set("query", query);
            body.put("score_mode", "none");
            return wrap("nested", body);
        }
    }

    // ------------------------------------------------------------------ JSON helpers

    private static String termText(KqlValue value) {
        return value instanceof KqlValue.Wildcard w ? QueryStringText.raw(w) : ((KqlValue.Literal) value).text();
    }

    /** JavaScript's {@code String(value)} of a string, boolean or null. */
    private static String jsText(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.toString();
    }

    /** JavaScript truthiness of a string, boolean or null. */
    private static boolean isTruthy(JsonNode value) {
        return value.isTextual() ? !value.textValue().isEmpty() : value.asBoolean(false);
    }

    private static JsonNode jsonValue(KqlValue.Literal literal) {
        Object v = literal.value();
        if (v == null) {
            return JSON.nullNode();
        }
        return v instanceof Boolean b ? JSON.booleanNode(b) : JSON.textNode((String) v);
    }

    private static ObjectNode should(List<? extends JsonNode> clauses) {
        ArrayNode should = JSON.arrayNode(clauses.size());
        for (JsonNode clause : clauses) {
            should.add(clause);
        }
        return should(should);
    }

    private static ObjectNode should(ArrayNode clauses) {
        ObjectNode bool = object(2);
        bool.set("should", clauses);
        bool.put("minimum_should_match", 1);
        return wrap("bool", bool);
    }

    private static ObjectNode bool(String occur, ArrayNode clauses) {
        ObjectNode bool = object(1);
        bool.set(occur, clauses);
        return wrap("bool", bool);
    }

    /**
     * An empty object sized for the keys it will get: Jackson's default map allocates a 16-slot table and resizes,
     * which was a tenth of the time of a compile made of one- and two-key objects.
     */
    private static ObjectNode object(int keys) {
        return new ObjectNode(JSON, new LinkedHashMap<>(keys <= 1 ? 2 : keys <= 3 ? 4 : 8));
    }

    private static ObjectNode wrap(String key, JsonNode body) {
        ObjectNode node = object(1);
        node.set(key, body);
        return node;
    }
}
