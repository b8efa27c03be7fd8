package io.ruleforge.kql.verify;

import io.ruleforge.diag.Severity;
import io.ruleforge.fields.DateValues;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.NumberTypes;
import io.ruleforge.kql.KqlNode;
import io.ruleforge.kql.KqlValue;
import io.ruleforge.net.IpAddresses;
import io.ruleforge.net.IpBlock;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the fields a KQL query uses against the field types of the rule's indices (ECS plus the user's
 * mappings). A field the mapping does not know is a warning with the closest known name (integration fields
 * are often outside ECS). A value the field's type cannot hold is an error, because Elasticsearch either
 * rejects the query or silently never matches: a CIDR on a non-ip field, a wildcard on an ip, numeric, date or
 * boolean field, a range on a keyword field, a value that is not a number, boolean, date or IP address for such a
 * field, a number out of the field type's range.
 */
public final class KqlVerifier {

    private static final Pattern NUMBER = Pattern.compile("^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?$");

    private final FieldSchema schema;
    /** Whether an unknown field's hint names the closest known field ("did you mean"): an edit-distance search. */
    private final boolean suggestsNames;

    public KqlVerifier(FieldSchema schema) {
        this(schema, true);
    }

    private KqlVerifier(FieldSchema schema, boolean suggestsNames) {
        this.schema = schema;
        this.suggestsNames = suggestsNames;
    }

    /**
     * The same checks, with a fixed hint for unknown fields instead of the closest known name: for callers that
     * drop the warnings' hints (the query command's JSON lines), where the search for the closest name was most of
     * the time of a batch.
     */
    public KqlVerifier withoutNameSuggestions() {
        return new KqlVerifier(schema, false);
    }

    /** The fields of the query the mapping does not know, in query order, each once. */
    public List<String> unmappedFields(KqlNode root) {
        return withoutNameSuggestions().verify(root).stream().filter(f -> f.code().equals(VerifyCodes.UNKNOWN_FIELD))
                .flatMap(f -> f.field().stream()).distinct().toList();
    }

    public List<Finding> verify(KqlNode root) {
        List<Finding> findings = new ArrayList<>();
        visit(root, "", findings);
        return findings;
    }

    private void visit(KqlNode node, String nestedPath, List<Finding> out) {
        if (node instanceof KqlNode.And and) {
            and.children().forEach(c -> visit(c, nestedPath, out));
        } else if (node instanceof KqlNode.Or or) {
            or.children().forEach(c -> visit(c, nestedPath, out));
        } else if (node instanceof KqlNode.Not not) {
            visit(not.child(), nestedPath, out);
        } else if (node instanceof KqlNode.Nested nested && nested.path() instanceof KqlValue.Literal path) {
            visit(nested.child(), nestedPath + path.text() + ".", out);
        } else if (node instanceof KqlNode.Is is) {
            field(is.field(), nestedPath, is, out).ifPresent(m -> value(m, is, out));
        } else if (node instanceof KqlNode.Range range) {
            field(range.field(), nestedPath, range, out).ifPresent(m -> range(m, range, out));
        }
    }

    /** The mapping of a literal field name, reporting unknown names; empty for field-less and wildcard names. */
    private Optional<FieldMapping> field(KqlValue field, String nestedPath, KqlNode node, List<Finding> out) {
        if (!(field instanceof KqlValue.Literal literal) || schema.isEmpty()) {
            return Optional.empty();
        }
        String name = nestedPath + literal.text();
        Optional<FieldMapping> mapping = schema.field(name);
        // once per field and query, at its first use: a field listed with 50 values is one finding, not 50
        if (mapping.isEmpty() && !reportedUnknown(name, out)) {
            Optional<String> closest = suggestsNames ? schema.closestField(name) : Optional.empty();
            String hint = closest.map(n -> "did you mean " + n + "?").orElse("if the rule's indices have it, give their mapping or index template (mappings / --mapping)");
            out.add(new Finding(VerifyCodes.UNKNOWN_FIELD, Severity.WARNING,
                    "field " + name + " is not in " + schema.name(), hint, node.span(), Optional.of(name)));
        }
        if (mapping.isPresent() && !mapping.get().isSearchable()) {
            boolean exists = node instanceof KqlNode.Is is && is.value() instanceof KqlValue.Wildcard w && w.isLoneStar();
            out.add(error(VerifyCodes.UNSEARCHABLE_FIELD, "field " + name + " cannot be searched: its mapping gives it neither an index"
                    + " nor doc values, so Elasticsearch fails the query ("
                    + (exists ? "exists finds nothing" : "Cannot search on field [" + name + "]") + ")",
                    "query a field that is indexed, or give it doc_values or index: true in the mapping", node));
            return Optional.empty();
        }
        return mapping;
    }

    private static boolean reportedUnknown(String name, List<Finding> findings) {
        for (Finding f : findings) {
            if (f.code().equals(VerifyCodes.UNKNOWN_FIELD) && f.field().isPresent() && f.field().get().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** What to write instead of a wildcard on a field of this type (probe27: a boolean was told to use a range). */
    private static String wildcardHint(FieldMapping field) {
        if (field.isIp()) {
            return "use a CIDR block such as 10.0.0.0/8";
        }
        if (field.isBoolean()) {
            return "use " + field.name() + ":true or " + field.name() + ":false";
        }
        if (field.isDate()) {
            return "use a range such as " + field.name() + " >= \"2024-01-01\" and " + field.name() + " < \"2024-02-01\"";
        }
        return field.isNumeric() ? "use a range such as " + field.name() + " >= 1000" : "match whole values, or use " + field.name() + ":*";
    }

    private void value(FieldMapping field, KqlNode.Is is, List<Finding> out) {
        if (is.value() instanceof KqlValue.Wildcard wildcard) {
            if (!wildcard.isLoneStar() && !(field.isKeywordLike() || field.isText())) {
                out.add(error(VerifyCodes.WILDCARD_ON_TYPE, "a wildcard cannot match the " + field.type() + " field "
                        + field.name() + "; Elasticsearch rejects wildcard queries on it",
                        wildcardHint(field), is));
            }
            return;
        }
        String value = ((KqlValue.Literal) is.value()).text();
        boolean cidr = value.contains("/") && IpBlock.parse(value).isPresent();
        boolean textual = field.isKeywordLike() || field.isText();
        if (cidr && textual && ((KqlValue.Literal) is.value()).quoted()) {
            // "0.0.0.0/0" on a keyword holding CIDR text (AWS security group rules) is meant as text: nothing to say
            return;
        }
        if (cidr && !field.isIp()) {
            // on a keyword or text field the query runs (it matches the text); on any other type Elasticsearch fails
            out.add(new Finding(VerifyCodes.CIDR_ON_TYPE, textual ? Severity.WARNING : Severity.ERROR,
                    "the CIDR block " + value + " only matches ip fields; " + field.name()
                    + " is a " + field.type() + " field, where it is compared as text",
                    "query the ip field that holds the address (e.g. source.ip, destination.ip), or quote the value if the"
                            + " field holds it as text", is.span()));
        } else {
            typedValue(field, value, is, out);
        }
    }

    private void range(FieldMapping field, KqlNode.Range range, List<Finding> out) {
        if (field.isKeywordLike() || field.isText()) {
            // Elasticsearch runs it (a term range), so it is a warning: it is rarely what the author meant
            out.add(new Finding(VerifyCodes.RANGE_ON_TYPE, Severity.WARNING, "a range on the " + field.type() + " field " + field.name()
                    + " compares text character by character, not as numbers or dates",
                    "list the values instead: " + field.name() + ":(a or b)", range.span()));
        } else if (range.value() instanceof KqlValue.Literal literal) {
            typedValue(field, literal.text(), range, out);
        }
    }

    private void typedValue(FieldMapping field, String value, KqlNode node, List<Finding> out) {
        if (field.isNumeric() && !NUMBER.matcher(value.trim()).matches()) {
            out.add(error(VerifyCodes.VALUE_NOT_OF_TYPE, "\"" + value + "\" is not a number, and " + field.name()
                    + " is a " + field.type() + " field: Elasticsearch rejects the query", "use a number", node));
        } else if (field.isNumeric()) {
            numberInRange(field, value.trim(), node, out);
        } else if (field.isDate() && !DateValues.isQueryable(value, field.dateFormats())) {
            // read with the field's own format when its mapping gives one, as Elasticsearch reads the query's value
            out.add(error(VerifyCodes.VALUE_NOT_OF_TYPE, "\"" + value + "\" is not a date, and " + field.name()
                    + " is a " + field.type() + " field: Elasticsearch rejects the query (failed to parse date field)",
                    field.format() == null
                            ? "use an ISO 8601 date (2024-01-31 or 2024-01-31T12:00:00Z), epoch milliseconds, or date math (now-1d/d)"
                            : "use a date in the field's format \"" + field.format() + "\", or date math (now-1d/d)", node));
        } else if (field.isBoolean() && !value.equals("true") && !value.equals("false")) {
            out.add(error(VerifyCodes.VALUE_NOT_OF_TYPE, "\"" + value + "\" is not a boolean, and " + field.name()
                    + " is a boolean field: Elasticsearch rejects the query", "use true or false", node));
        } else if (field.isIp() && !isIpTermValue(value)) {
            out.add(error(VerifyCodes.VALUE_NOT_OF_TYPE, "\"" + value + "\" is not an IP address, and " + field.name()
                    + " is an ip field: Elasticsearch rejects the query", "use an IPv4 or IPv6 address or a CIDR block", node));
        }
    }

    /**
     * Whether Elasticsearch takes the value of a term on an ip field: an address or a CIDR block as its own parser
     * reads them (which the evaluator uses too) — no leading zeros ({@code 010.0.0.1}), no short forms ({@code 10.1}).
     */
    private static boolean isIpTermValue(String value) {
        try {
            IpAddresses.parseTermValue(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A number the field's type cannot hold. In a range, long and integer-family fields reject the query; elsewhere
     * (a value, or a bound on a floating-point field) Elasticsearch 8.16+ quietly matches nothing — older versions
     * reject it — and a clause that can never match is as much an error in a rule.
     */
    private void numberInRange(FieldMapping field, String value, KqlNode node, List<Finding> out) {
        BigDecimal number;
        try {
            number = new BigDecimal(value);
        } catch (NumberFormatException e) {
            number = null; // an exponent beyond BigDecimal's (1e99999999999): beyond every type's range too
        }
        String range = NumberTypes.describeRange(field.type()).map(r -> " (" + r + ")").orElse("");
        String hint = NumberTypes.describeRange(field.type()).map(r -> "use a value from " + r)
                .orElse("use a number the " + field.type() + " type can hold");
        if (node instanceof KqlNode.Range) {
            if (number == null || !NumberTypes.acceptsRangeBound(field.type(), number)) {
                out.add(error(VerifyCodes.VALUE_NOT_OF_TYPE, value + " is out of range for the " + field.type() + " field "
                        + field.name() + range + ": Elasticsearch rejects the query", hint, node));
            }
        } else if (number == null || NumberTypes.valueInType(field.type(), number).isEmpty()) {
            out.add(error(VerifyCodes.VALUE_NOT_OF_TYPE, value + " is out of range for the " + field.type() + " field "
                    + field.name() + range + ": no value can match it", hint, node));
        }
    }

    private static Finding error(String code, String message, String hint, KqlNode node) {
        return new Finding(code, Severity.ERROR, message, hint, node.span());
    }
}
