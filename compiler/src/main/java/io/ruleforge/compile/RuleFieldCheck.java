package io.ruleforge.compile;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.verify.VerifyCodes;
import io.ruleforge.rule.Rule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The fields a rule names outside its query — the ones Kibana's detection engine groups, suppresses, sorts and maps
 * alerts by — checked against the mapping of the indices they are read from, as the query's own fields are.
 *
 * <p>What the engine does with each decides what can go wrong. Threshold ({@code threshold.field}, its
 * cardinality field), new_terms ({@code new_terms} fields) and a query rule's suppression ({@code group_by}) are
 * aggregations Elasticsearch runs over doc values, and an EQL rule's tiebreaker and timestamp field are sort keys: a
 * {@code text} or {@code match_only_text} field has no doc values, so Elasticsearch refuses the search and every run
 * of the rule fails — an error here, as Kibana's rule editor offers only aggregatable fields but an imported rule is
 * not checked. A {@code timestamp_override} is searched with a date range and fetched as a date, which Elasticsearch
 * refuses on any other type (an error too). The other rule types suppress in memory by the fields API's values,
 * which text fields have, and the risk-score and severity mappings and the threat mapping are read from the event:
 * for those only an unknown name is worth a warning (once per field; investigation fields are only shown, so not
 * checked). An object names no value: what that does depends on the use ({@link #objectConsequence}). No field types
 * ({@code --schema none}): nothing to check against.
 */
final class RuleFieldCheck {

    /** What the detection engine does with a named field, and what Elasticsearch needs of the field for it. */
    private enum Use {
        /** grouped by a terms or composite aggregation */
        GROUPED("group by", FieldMapping::isGroupable),
        /** counted by a cardinality aggregation */
        COUNTED("count the distinct values of", FieldMapping::hasDocValues),
        /** sorted by */
        SORTED("sort by", FieldMapping::isSortable),
        /** the time field (timestamp_override): searched with a date range, its values fetched as dates, sorted by */
        TIME("search by date", FieldMapping::isDate),
        /** read from the event (fields API or source) or searched with a term query */
        READ("read", m -> true);

        private final String verb;
        private final Predicate<FieldMapping> supported;

        Use(String verb, Predicate<FieldMapping> supported) {
            this.verb = verb;
            this.supported = supported;
        }
    }

    /** One field the rule names: where (a JSON pointer into the rule), the name, its use and how a message says it. */
    private record Named(String pointer, String field, Use use, String role, boolean threatIndex) {
        /** How a message starts: "threshold.field names process.command_line.text". */
        String describe() {
            return role + " names " + field;
        }
    }

    private final FieldSchema fields;
    private final Function<List<String>, FieldSchema> fieldsOfIndices;

    /**
     * @param fields          the mapping of the rule's indices
     * @param fieldsOfIndices the mapping of other index patterns (an indicator match rule's {@code threat_index})
     */
    RuleFieldCheck(FieldSchema fields, Function<List<String>, FieldSchema> fieldsOfIndices) {
        this.fields = fields;
        this.fieldsOfIndices = fieldsOfIndices;
    }

    /** Adds the findings on {@code rule}'s named fields to {@code out}; true when one is an error. */
    boolean check(Rule rule, List<Diagnostic> out) {
        if (fields.isEmpty() || rule.type().equals("machine_learning") || rule.language().map("esql"::equals).orElse(false)) {
            // no mapping to check against; an ML rule's fields are the anomaly records'; ES|QL groups by its columns
            return false;
        }
        FieldSchema threatFields = null;
        Set<String> reportedUnknown = new HashSet<>();
        boolean errors = false;
        for (Named named : named(rule)) {
            FieldSchema schema = fields;
            if (named.threatIndex()) {
                if (threatFields == null) {
                    List<String> threatIndex = new ArrayList<>();
                    rule.document().at("/rule/threat_index").forEach(n -> threatIndex.add(n.asText()));
                    threatFields = fieldsOfIndices.apply(threatIndex);
                }
                schema = threatFields;
            }
            errors |= check(rule, named, schema, reportedUnknown, out);
        }
        return errors;
    }

    private static boolean check(Rule rule, Named named, FieldSchema schema, Set<String> reportedUnknown, List<Diagnostic> out) {
        if (schema.isEmpty()) {
            return false;
        }
        String name = named.field();
        Optional<FieldMapping> mapping = schema.field(name).map(m -> m.isAlias() ? schema.resolved(name).orElse(m) : m);
        if (mapping.isEmpty() && schema.hasFieldsBelow(name) || mapping.map(FieldMapping::isContainer).orElse(false)) {
            out.add(objectNamed(rule, named, schema));
            return false;
        }
        if (mapping.isEmpty()) {
            // once per field and rule: a severity mapping lists its field for each level, and a field the query
            // names has had its finding from the query's own check
            if (reportedUnknown.add(name + " " + schema.name()) && (named.threatIndex() || !namedByQuery(rule, name))) {
                out.add(unknown(rule, named, schema));
            }
            return false;
        }
        FieldMapping m = mapping.get();
        if (named.use().supported.test(m)) {
            return false;
        }
        out.add(named.use() == Use.TIME ? timeNotDate(rule, named, schema, m) : notAggregatable(rule, named, schema, m));
        return true;
    }

    /**
     * Kibana's search on a timestamp_override: a range with date math ("now-6m", which a number or ip field cannot
     * parse) and the field asked for as a date (fields with a format, which a keyword or text field refuses) — the
     * search fails once it finds an event.
     */
    private static Diagnostic timeNotDate(Rule rule, Named named, FieldSchema schema, FieldMapping m) {
        return new Diagnostic(CompileCodes.TIME_FIELD_NOT_DATE, Severity.ERROR, rule.positionOf(named.pointer()),
                named.describe() + ", " + withArticle(m.type()) + " field in " + schema.name() + ": Kibana searches it"
                        + " with a date range (from … to) and asks for its values as dates, which Elasticsearch refuses"
                        + (m.isNumeric() || m.isIp() ? " (it cannot parse now-6m as " + withArticle(m.type()) + ")"
                                : " (\"doesn't support formats\")") + ", so every run that finds an event fails",
                "name a date field, such as event.ingested or @timestamp");
    }

    private static Diagnostic notAggregatable(Rule rule, Named named, FieldSchema schema, FieldMapping m) {
        return new Diagnostic(CompileCodes.NOT_AGGREGATABLE, Severity.ERROR, rule.positionOf(named.pointer()),
                named.describe() + ", " + withArticle(m.type()) + " field in " + schema.name() + ": Elasticsearch cannot "
                        + named.use().verb + " it" + (m.hasDocValues() ? "" : " (it has no doc values)")
                        + ", so every run of the rule fails",
                exactAlternative(schema, m, named.use()).map(a -> "name " + a + " instead: the same value, as "
                                + withArticle(schema.field(a).map(FieldMapping::type).orElse("keyword")) + " field")
                        .orElse("name a keyword field that holds the same value"));
    }

    private static Diagnostic objectNamed(Rule rule, Named named, FieldSchema schema) {
        return new Diagnostic(CompileCodes.OBJECT_FIELD, Severity.WARNING, rule.positionOf(named.pointer()),
                named.describe() + ", an object in " + schema.name() + ": it holds fields, not a value, so Elasticsearch"
                        + " finds none in it" + objectConsequence(rule, named),
                schema.firstFieldBelow(named.field()).map(m -> "name one of the fields below it, e.g. " + m.name())
                        .orElse("name one of the fields below it"));
    }

    /**
     * What a named object does to the rule: suppression treats every event as missing the field (one group without
     * a key, or none suppressed under {@code doNotSuppress}); threshold's and new_terms' composites have no missing
     * bucket, so no event makes a group; a cardinality of nothing is 0.
     */
    private static String objectConsequence(Rule rule, Named named) {
        if (named.role().equals("alert_suppression.group_by")) {
            return "doNotSuppress".equals(rule.document().at("/rule/alert_suppression/missing_fields_strategy").asText(""))
                    ? ", so no event is suppressed (missing_fields_strategy doNotSuppress)"
                    : " and every event falls in one group, without a key";
        }
        return switch (named.use()) {
            case GROUPED -> ", so no event makes a group and the rule never alerts";
            case COUNTED -> " and counts no distinct value, so the cardinality condition is never met";
            default -> "";
        };
    }

    private static Diagnostic unknown(Rule rule, Named named, FieldSchema schema) {
        String name = named.field();
        Optional<String> closest = schema.closestField(name);
        String namespace = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        // a mapping without a single field of the namespace lacks the integration, not the field: ruleforge cannot
        // check the name, which says nothing about the rule (a note, as for a query language it does not compile)
        boolean unchecked = closest.isEmpty() && !schema.hasFieldsBelow(namespace);
        return new Diagnostic(VerifyCodes.UNKNOWN_FIELD, unchecked ? Severity.INFO : Severity.WARNING,
                rule.positionOf(named.pointer()),
                named.describe() + ", which is not in " + schema.name()
                        + (unchecked ? ", which has no " + namespace + " field at all, so it is not checked" : ""),
                closest.map(n -> "did you mean " + n + "?")
                        .orElse("if the rule's indices have it, give their mapping or index template (mappings / --mapping)"));
    }

    /** "an ip", "a keyword": the type with its article, for messages. */
    private static String withArticle(String type) {
        return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    /**
     * Whether the rule's KQL or EQL query names the field (as a whole name): the query's field check reports it if
     * unknown, and one finding per unknown field and rule is enough.
     */
    private static boolean namedByQuery(Rule rule, String field) {
        String language = rule.language().orElse("");
        if (rule.query().isEmpty() || !(language.equals("kuery") || language.equals("eql"))) {
            return false;
        }
        String query = rule.query().get();
        for (int at = query.indexOf(field); at >= 0; at = query.indexOf(field, at + 1)) {
            int end = at + field.length();
            if ((at == 0 || !isNameChar(query.charAt(at - 1))) && (end == query.length() || !isNameChar(query.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '@' || c == '-';
    }

    /** A field of the same value the use supports: a text multi-field's parent, or a text field's keyword multi-field. */
    private static Optional<String> exactAlternative(FieldSchema schema, FieldMapping field, Use use) {
        String name = field.name();
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String parent = name.substring(0, dot);
            if (schema.field(parent).map(use.supported::test).orElse(false)) {
                return Optional.of(parent);
            }
        }
        return schema.exactSubField(name).filter(use.supported).map(FieldMapping::name);
    }

    /** The fields {@code rule} names outside its query, in file order of their keys. */
    private static List<Named> named(Rule rule) {
        JsonNode table = rule.document().at("/rule");
        String type = rule.type();
        List<Named> out = new ArrayList<>();
        if (type.equals("threshold")) {
            addAll(out, table, "/threshold/field", Use.GROUPED, "threshold.field", false);
            JsonNode cardinality = table.at("/threshold/cardinality");
            for (int i = 0; i < cardinality.size(); i++) {
                add(out, table, "/threshold/cardinality/" + i + "/field", Use.COUNTED, "threshold.cardinality.field", false);
            }
        }
        if (type.equals("new_terms")) {
            addAll(out, table, table.path("new_terms").isObject() ? "/new_terms/value" : "/new_terms_fields",
                    Use.GROUPED, "new_terms", false);
        }
        // query rules suppress through a composite aggregation; the other types by the events' fields in memory
        boolean aggregated = type.equals("query") || type.equals("saved_query");
        addAll(out, table, "/alert_suppression/group_by", aggregated ? Use.GROUPED : Use.READ,
                "alert_suppression.group_by", false);
        add(out, table, "/timestamp_override", Use.TIME, "timestamp_override", false);
        if (type.equals("eql")) {
            // the EQL search orders events by it (a date is expected, which the test distribution cannot confirm)
            add(out, table, "/timestamp_field", Use.SORTED, "timestamp_field", false);
            add(out, table, "/tiebreaker_field", Use.SORTED, "tiebreaker_field", false);
            add(out, table, "/event_category_override", Use.READ, "event_category_override", false);
        }
        if (type.equals("threat_match")) {
            JsonNode mapping = table.path("threat_mapping");
            for (int i = 0; i < mapping.size(); i++) {
                JsonNode entries = mapping.get(i).path("entries");
                for (int j = 0; j < entries.size(); j++) {
                    String entry = "/threat_mapping/" + i + "/entries/" + j;
                    add(out, table, entry + "/field", Use.READ, "threat_mapping field", false);
                    add(out, table, entry + "/value", Use.READ, "threat_mapping value (of threat_index)", true);
                }
            }
        }
        for (String mapping : List.of("risk_score_mapping", "severity_mapping")) {
            JsonNode entries = table.path(mapping);
            for (int i = 0; i < entries.size(); i++) {
                add(out, table, "/" + mapping + "/" + i + "/field", Use.READ, mapping, false);
            }
        }
        return out;
    }

    /** A string, or each string of an array, at {@code pointer}. */
    private static void addAll(List<Named> out, JsonNode table, String pointer, Use use, String role, boolean threat) {
        JsonNode node = table.at(pointer);
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                add(out, table, pointer + "/" + i, use, role, threat);
            }
        } else {
            add(out, table, pointer, use, role, threat);
        }
    }

    private static void add(List<Named> out, JsonNode table, String pointer, Use use, String role, boolean threat) {
        JsonNode node = table.at(pointer);
        // an empty or non-string value is the schema check's to report
        if (node.isTextual() && !node.asText().isBlank()) {
            out.add(new Named("/rule" + pointer, node.asText(), use, role, threat));
        }
    }
}
