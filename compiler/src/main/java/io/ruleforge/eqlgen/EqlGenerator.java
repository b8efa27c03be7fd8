package io.ruleforge.eqlgen;

import io.ruleforge.fields.FieldKind;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KqlNode;
import io.ruleforge.kql.KqlValue;
import io.ruleforge.ql.SourceSpan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Translates a KQL query into an EQL condition that Elasticsearch's EQL decides the same way as Kibana's DSL,
 * given the field types of the rule's indices. The mapping, by field type:
 * <ul>
 *   <li>keyword family, unknown fields: {@code f:v} → {@code f == "v"} (both exact and case-sensitive);
 *       a value list of one field → {@code f in ("a", "b")}; {@code f:a*b} → {@code f like "a*b"}</li>
 *   <li>ip: a CIDR → {@code cidrMatch(f, "10.0.0.0/8")}, a value list with CIDRs → one {@code cidrMatch} with
 *       every block (single addresses as /32 or /128), a single address → {@code f == "1.2.3.4"}</li>
 *   <li>numbers and booleans: unquoted literals ({@code destination.port == 443})</li>
 *   <li>{@code f:*} → {@code f != null}; {@code f > v} → {@code f > v}</li>
 * </ul>
 * What EQL cannot express the same way — full-text fields, date fields, free-text and field-wildcard searches,
 * nested groups, wildcards with a literal {@code *} or {@code ?} — yields {@link EqlTranslation.NotExpressible}
 * instead of an approximation.
 */
public final class EqlGenerator {

    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})(\\.\\d{1,3}){3}$");
    private static final Pattern NUMBER = Pattern.compile("^-?\\d+(\\.\\d+)?$");
    /** Every dotted part must be an EQL identifier: a part starting with a digit ("a.0.b") would lex as a number. */
    private static final Pattern IDENTIFIER_PATH = Pattern.compile("^[A-Za-z_@][A-Za-z0-9_]*(\\.[A-Za-z_@][A-Za-z0-9_]*)*$");

    private final FieldSchema schema;

    public EqlGenerator(FieldSchema schema) {
        this.schema = schema;
    }

    public EqlTranslation translate(KqlNode root) {
        try {
            return new EqlTranslation.Expressed(expression(root, Precedence.OR));
        } catch (NotExpressibleException e) {
            return new EqlTranslation.NotExpressible(e.getMessage(), e.span);
        }
    }

    /** EQL binds not tighter than and, and tighter than or. */
    private enum Precedence { OR, AND, NOT }

    private String expression(KqlNode node, Precedence context) {
        if (node instanceof KqlNode.And and) {
            return parenthesize(join(and.children(), " and ", Precedence.AND), context.compareTo(Precedence.AND) > 0);
        }
        if (node instanceof KqlNode.Or or) {
            List<String> terms = orTerms(or);
            // A value list that became one `in` or `cidrMatch` term needs no parentheses.
            return parenthesize(String.join(" or ", terms), terms.size() > 1 && context.compareTo(Precedence.OR) > 0);
        }
        if (node instanceof KqlNode.Not not) {
            return "not " + expression(not.child(), Precedence.NOT);
        }
        if (node instanceof KqlNode.Is is) {
            return is(is);
        }
        if (node instanceof KqlNode.Range range) {
            return range(range);
        }
        throw new NotExpressibleException("nested field groups cannot be searched with EQL", node.span());
    }

    private String join(List<KqlNode> children, String operator, Precedence precedence) {
        return children.stream().map(c -> expression(c, precedence)).collect(Collectors.joining(operator));
    }

    /** Value lists of one field become {@code in (…)} or one {@code cidrMatch}; other terms stay or-ed. */
    private List<String> orTerms(KqlNode.Or or) {
        Map<String, List<KqlNode.Is>> byField = new LinkedHashMap<>();
        List<Object> order = new ArrayList<>();
        for (KqlNode child : or.children()) {
            if (child instanceof KqlNode.Is is && isGroupable(is)) {
                String field = fieldName(is.field(), is.span());
                List<KqlNode.Is> group = byField.get(field);
                if (group == null) {
                    group = new ArrayList<>();
                    byField.put(field, group);
                    order.add(field);
                }
                group.add(is);
            } else {
                order.add(child);
            }
        }
        List<String> terms = new ArrayList<>();
        for (Object item : order) {
            if (item instanceof String field) {
                terms.add(group(field, byField.get(field)));
            } else {
                terms.add(expression((KqlNode) item, Precedence.OR));
            }
        }
        return terms;
    }

    private static boolean isGroupable(KqlNode.Is is) {
        return is.field() instanceof KqlValue.Literal && is.value() instanceof KqlValue.Literal;
    }

    private String group(String field, List<KqlNode.Is> members) {
        if (members.size() == 1) {
            return is(members.get(0));
        }
        FieldKind kind = kindOf(field, members.get(0).span());
        List<String> values = members.stream().map(m -> ((KqlValue.Literal) m.value()).text()).toList();
        if (kind == FieldKind.IP || (kind == FieldKind.UNMAPPED && values.stream().allMatch(EqlGenerator::isIpOrCidr)
                && values.stream().anyMatch(v -> v.contains("/")))) {
            for (KqlNode.Is m : members) {
                requireIp(((KqlValue.Literal) m.value()).text(), m.span());
            }
            if (values.stream().anyMatch(v -> v.contains("/"))) {
                return "cidrMatch(" + field + ", " + values.stream().map(v -> quote(asCidr(v))).collect(Collectors.joining(", ")) + ")";
            }
        }
        List<String> literals = new ArrayList<>();
        for (KqlNode.Is m : members) {
            literals.add(literal(kind, (KqlValue.Literal) m.value(), m.span()));
        }
        return field + " in (" + String.join(", ", literals) + ")";
    }

    private String is(KqlNode.Is is) {
        if (is.field() == null) {
            throw new NotExpressibleException("a value without a field searches every field; EQL needs a field", is.span());
        }
        if (is.field() instanceof KqlValue.Wildcard w && w.isLoneStar() && is.value() instanceof KqlValue.Wildcard v && v.isLoneStar()) {
            return "true";
        }
        String field = fieldName(is.field(), is.span());
        FieldKind kind = kindOf(field, is.span());
        if (is.value() instanceof KqlValue.Wildcard wildcard) {
            if (wildcard.isLoneStar()) {
                return field + " != null";
            }
            return like(field, kind, wildcard, is.span());
        }
        KqlValue.Literal value = (KqlValue.Literal) is.value();
        String text = value.text();
        if (kind == FieldKind.IP || (kind == FieldKind.UNMAPPED && text.contains("/") && isIpOrCidr(text))) {
            requireIp(text, is.span());
            return text.contains("/") ? "cidrMatch(" + field + ", " + quote(text) + ")" : field + " == " + quote(text);
        }
        return field + " == " + literal(kind, value, is.span());
    }

    private String range(KqlNode.Range range) {
        String field = fieldName(range.field(), range.span());
        FieldKind kind = kindOf(field, range.span());
        if (kind == FieldKind.DATE) {
            throw new NotExpressibleException("date ranges (" + field + ") use date math that EQL comparisons do not", range.span());
        }
        if (!(range.value() instanceof KqlValue.Literal value)) {
            throw new NotExpressibleException("a range bound cannot be a wildcard", range.span());
        }
        String bound = kind == FieldKind.IP ? quote(value.text()) : literal(kind, value, range.span());
        return field + " " + range.operator().symbol() + " " + bound;
    }

    private String like(String field, FieldKind kind, KqlValue.Wildcard wildcard, SourceSpan span) {
        if (kind != FieldKind.KEYWORD && kind != FieldKind.UNMAPPED) {
            throw new NotExpressibleException("wildcards on a " + kind.label() + " field (" + field + ") have no EQL equivalent", span);
        }
        StringBuilder pattern = new StringBuilder();
        for (KqlValue.Part part : wildcard.parts()) {
            if (part instanceof KqlValue.Star) {
                pattern.append('*');
            } else {
                String text = ((KqlValue.Text) part).text();
                if (text.contains("*") || text.contains("?")) {
                    // EQL wildcard patterns have no escape: a literal * or ? would become a wildcard.
                    throw new NotExpressibleException("the pattern contains a literal '*' or '?', which EQL's like cannot escape", span);
                }
                pattern.append(text);
            }
        }
        return field + " like " + quote(pattern.toString());
    }

    private String literal(FieldKind kind, KqlValue.Literal value, SourceSpan span) {
        Object v = value.value();
        switch (kind) {
            case NUMBER -> {
                if (v instanceof String s && NUMBER.matcher(s.trim()).matches()) {
                    return s.trim();
                }
                throw new NotExpressibleException("\"" + value.text() + "\" is not a number, and the field is numeric", span);
            }
            case BOOLEAN -> {
                String s = value.text();
                if (s.equals("true") || s.equals("false")) {
                    return s;
                }
                throw new NotExpressibleException("\"" + s + "\" is not a boolean, and the field is boolean", span);
            }
            case TEXT -> throw new NotExpressibleException(
                    "full-text fields are analysed by match queries; EQL compares whole values", span);
            case DATE -> throw new NotExpressibleException("date fields are matched as date ranges; EQL compares instants", span);
            default -> {
                if (v == null) {
                    throw new NotExpressibleException("null is not a value Kibana can match", span);
                }
                return quote(String.valueOf(v));
            }
        }
    }

    private String fieldName(KqlValue field, SourceSpan span) {
        if (field instanceof KqlValue.Wildcard) {
            throw new NotExpressibleException("field-name wildcards have no EQL equivalent", span);
        }
        String name = ((KqlValue.Literal) field).text();
        if (IDENTIFIER_PATH.matcher(name).matches()) {
            return name;
        }
        return "`" + name.replace("`", "``") + "`";
    }

    private FieldKind kindOf(String field, SourceSpan span) {
        FieldMapping mapping = schema.field(field.startsWith("`") ? field.substring(1, field.length() - 1).replace("``", "`") : field).orElse(null);
        if (mapping == null) {
            return FieldKind.UNMAPPED;
        }
        if (schema.nestedPathOf(mapping.name()).isPresent()) {
            throw new NotExpressibleException("fields inside nested objects (" + mapping.name() + ") cannot be searched with EQL", span);
        }
        if (!mapping.kind().holdsComparableValues()) {
            throw new NotExpressibleException("fields of type " + mapping.type() + " (" + mapping.name() + ") cannot be searched with EQL", span);
        }
        return mapping.kind();
    }

    private static void requireIp(String value, SourceSpan span) {
        if (!isIpOrCidr(value)) {
            throw new NotExpressibleException("\"" + value + "\" is not an IP address or CIDR block, and the field is an ip field", span);
        }
    }

    private static boolean isIpOrCidr(String value) {
        String address = value.contains("/") ? value.substring(0, value.indexOf('/')) : value;
        return IPV4.matcher(address).matches() || (address.contains(":") && address.matches("^[0-9A-Fa-f:.]+$"));
    }

    private static String asCidr(String value) {
        if (value.contains("/")) {
            return value;
        }
        return value + (value.contains(":") ? "/128" : "/32");
    }

    private static String parenthesize(String s, boolean needed) {
        return needed ? "(" + s + ")" : s;
    }

    /** An EQL double-quoted string literal. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static final class NotExpressibleException extends RuntimeException {
        private final transient SourceSpan span;

        NotExpressibleException(String message, SourceSpan span) {
            super(message, null, false, false);
            this.span = span;
        }
    }
}
