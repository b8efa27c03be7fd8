package io.ruleforge.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.EditDistance;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.JsonPointers;
import io.ruleforge.load.RuleDocument;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The generic checks every part of the schema is built from (known keys, required keys, enums, ranges, formats),
 * applied to one document; each finding is appended to the document's list with the position of the value.
 */
final class SchemaAssertions {

    /**
     * A field name as Elasticsearch documents use it: dotted segments, no blanks, no empty segment. Any other
     * character is allowed ({@code kubernetes.audit.annotations.authorization_k8s_io/decision} is a real field).
     */
    private static final Pattern FIELD_NAME = Pattern.compile("^[^\\s.]+(\\.[^\\s.]+)*$");
    private static final DateTimeFormatter METADATA_DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd")
            .withResolverStyle(ResolverStyle.STRICT);

    private final RuleDocument doc;
    private final List<Diagnostic> out;

    SchemaAssertions(RuleDocument doc, List<Diagnostic> out) {
        this.doc = doc;
        this.out = out;
    }

    RuleDocument document() {
        return doc;
    }

    JsonNode at(String pointer) {
        return doc.at(pointer);
    }

    boolean present(String pointer) {
        return !doc.at(pointer).isMissingNode();
    }

    Optional<String> text(String pointer) {
        JsonNode n = doc.at(pointer);
        return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    /** The number of elements when the value is an array, else -1. */
    int arraySize(String pointer) {
        JsonNode n = doc.at(pointer);
        return n.isArray() ? n.size() : -1;
    }

    /** Every key of the table at {@code pointer} must be known and hold a value of its kind. */
    void knownKeys(String pointer, Map<String, ValueKind> known) {
        JsonNode table = doc.at(pointer);
        if (!table.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = table.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String child = JsonPointers.child(pointer, f.getKey());
            ValueKind kind = known.get(f.getKey());
            if (kind == null) {
                error(SchemaCodes.UNKNOWN_KEY, child, "unknown key " + label(child),
                        EditDistance.closest(f.getKey(), known.keySet())
                                .map(s -> "did you mean " + s + "?")
                                .orElse("known keys here: " + String.join(", ", new TreeSet<>(known.keySet()))));
            } else if (!kind.accepts(f.getValue())) {
                error(SchemaCodes.WRONG_TYPE, child, label(child) + " must be " + kind.description()
                        + ", found " + ValueKind.describe(f.getValue()), kind.fixFor(f.getValue()));
            }
        }
    }

    /** Each key must be present in the table at {@code pointer}; reported at the table. */
    void required(String pointer, List<String> keys) {
        for (String key : keys) {
            if (doc.at(pointer + "/" + key).isMissingNode()) {
                error(SchemaCodes.MISSING_FIELD, pointer, "missing required " + label(pointer + "/" + key),
                        "add " + key + " to " + (pointer.isEmpty() ? "the file" : label(pointer)));
            }
        }
    }

    /** A string value, when present, must be one of {@code allowed}; false when it is not. */
    boolean oneOf(String pointer, Set<String> allowed) {
        Optional<String> v = text(pointer);
        if (v.isPresent() && !allowed.contains(v.get())) {
            error(SchemaCodes.NOT_IN_ENUM, pointer, label(pointer) + " must be one of " + new TreeSet<>(allowed)
                    + ", found \"" + ValueKind.abbreviate(v.get()) + "\"", EditDistance.closest(v.get(), allowed)
                    .map(s -> "did you mean \"" + s + "\"?").orElse("use one of the listed values"));
            return false;
        }
        return true;
    }

    /**
     * An integer value, when present, must lie in [min, max]. {@link Integer#MAX_VALUE} as {@code max} means "no upper
     * bound a rule would meet": Kibana keeps these as 32-bit integers, so a larger value is reported as too large.
     */
    boolean range(String pointer, long min, long max) {
        JsonNode n = doc.at(pointer);
        if (!n.isIntegralNumber()) {
            return true;
        }
        BigInteger value = n.bigIntegerValue();
        boolean tooLarge = value.compareTo(BigInteger.valueOf(max)) > 0;
        if (!tooLarge && value.compareTo(BigInteger.valueOf(min)) >= 0) {
            return true;
        }
        if (max == Integer.MAX_VALUE && tooLarge) {
            error(SchemaCodes.OUT_OF_RANGE, pointer, label(pointer) + " is too large: it must be at most " + max
                    + ", found " + value, "use a value between " + min + " and " + max);
        } else {
            String bounds = max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            error(SchemaCodes.OUT_OF_RANGE, pointer, label(pointer) + " must be " + bounds + ", found " + value,
                    "use a value " + bounds);
        }
        return false;
    }

    /** An array value, when present, must have between {@code min} and {@code max} elements. */
    void size(String pointer, int min, int max, String elements) {
        int size = arraySize(pointer);
        if (size >= 0 && (size < min || size > max)) {
            String bounds = min == max ? "exactly " + min : min + " to " + max;
            error(SchemaCodes.OUT_OF_RANGE, pointer, label(pointer) + " must list " + bounds + " " + elements
                    + ", found " + size, size < min ? "add " + elements : "keep at most " + max + " " + elements);
        }
    }

    void nonEmpty(String pointer) {
        text(pointer).ifPresent(v -> {
            if (v.isBlank()) {
                error(SchemaCodes.EMPTY_VALUE, pointer, label(pointer) + " must not be empty, found \"" + v + "\"",
                        "give it a value or remove the key");
            }
        });
    }

    /** Elasticsearch date math ({@code now-6m}); false when the value is present and is not. */
    boolean dateMath(String pointer) {
        Optional<String> v = text(pointer);
        if (v.isPresent() && DateMath.parse(v.get()).isEmpty()) {
            error(SchemaCodes.BAD_DATE_MATH, pointer, label(pointer) + " must be date math such as \"now-6m\", found \""
                    + ValueKind.abbreviate(v.get()) + "\"", "now, then -N or +N with a unit of y M w d h H m s");
            return false;
        }
        return true;
    }

    /** A field name (a string, or each string of an array of strings), when present. */
    void fieldName(String pointer) {
        JsonNode n = doc.at(pointer);
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                fieldName(pointer + "/" + i);
            }
            return;
        }
        text(pointer).ifPresent(v -> {
            if (!FIELD_NAME.matcher(v).matches()) {
                // Kibana accepts any string here and the engine just finds no such field: a warning
                warning(SchemaCodes.BAD_FIELD_NAME, pointer, label(pointer) + " should be a field name such as "
                        + "\"process.name\", found \"" + ValueKind.abbreviate(v) + "\"",
                        "dotted field path without blanks or empty segments");
            }
        });
    }

    Optional<LocalDate> date(String pointer) {
        Optional<String> v = text(pointer);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(v.get(), METADATA_DATE));
        } catch (DateTimeException e) {
            error(SchemaCodes.BAD_DATE, pointer, label(pointer) + " must be a date YYYY/MM/DD, found \""
                    + ValueKind.abbreviate(v.get()) + "\"", "write an existing date as YYYY/MM/DD, e.g. 2024/01/31");
            return Optional.empty();
        }
    }

    /** Calls {@code each} with the pointer of every element when the value is an array of tables. */
    void eachTable(String pointer, java.util.function.Consumer<String> each) {
        JsonNode n = doc.at(pointer);
        if (!n.isArray()) {
            return;
        }
        for (int i = 0; i < n.size(); i++) {
            if (n.get(i).isObject()) {
                each.accept(pointer + "/" + i);
            }
        }
    }

    void error(String code, String pointer, String message, String hint) {
        report(Severity.ERROR, code, pointer, message, hint);
    }

    void warning(String code, String pointer, String message, String hint) {
        report(Severity.WARNING, code, pointer, message, hint);
    }

    void report(Severity severity, String code, String pointer, String message, String hint) {
        reportAt(severity, code, doc.sourceMap().positionOf(pointer), message, hint);
    }

    void reportAt(Severity severity, String code, SourcePosition position, String message, String hint) {
        out.add(new Diagnostic(code, severity, position, message, hint));
    }

    /** Where character {@code index} of the string at {@code pointer} stands in the file. */
    SourcePosition positionInString(String pointer, int index) {
        return doc.sourceMap().positionInString(pointer, index);
    }

    /** Whether an error was already reported at the value at {@code pointer}. */
    boolean hasErrorAt(String pointer) {
        SourcePosition position = doc.sourceMap().positionOf(pointer);
        return out.stream().anyMatch(d -> d.isError() && d.position().equals(position));
    }

    /** {@code /rule/threat/0/tactic/id} → {@code rule.threat[0].tactic.id}, as users think of it. */
    static String label(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String seg : pointer.substring(1).split("/")) {
            if (seg.chars().allMatch(Character::isDigit) && !seg.isEmpty()) {
                sb.append('[').append(seg).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(seg.replace("~1", "/").replace("~0", "~"));
            }
        }
        return sb.toString();
    }
}
