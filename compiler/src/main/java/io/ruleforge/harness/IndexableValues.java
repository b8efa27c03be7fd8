package io.ruleforge.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.fields.DateValues;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.NotModelledException;
import io.ruleforge.fields.NumberTypes;
import io.ruleforge.fields.UnlistedField;
import io.ruleforge.net.IpAddresses;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the values of a fixture event that Elasticsearch would refuse to index for the field's mapped type — a
 * number where the mapping has an object ({@code "process": 5}), an ip given as a number, {@code 1e999} or a
 * 30-digit number for a long, an object for a keyword. Live mode fails on such an event and a real index never
 * holds it, so a verdict on it proves nothing: each is a fixture error naming the field and its type.
 * A field name Elasticsearch refuses ({@code "process..name"}, {@code ".name"}, {@code ""}) is one too; trailing dots
 * are dropped as Elasticsearch drops them ({@code "process.name."} is process.name).
 * Unmapped fields are typed dynamically by Elasticsearch and accept anything here. A field mapped with
 * {@code ignore_malformed} (or in an index with {@code index.mapping.ignore_malformed}) takes any scalar: Elasticsearch
 * indexes the event without the value, and the evaluators read such a value as absent, as its searches do.
 */
public final class IndexableValues {

    private IndexableValues() {
    }

    /** One sentence per refused value, e.g. {@code process is mapped as object, found the number 5}. */
    public static List<String> problems(JsonNode event, FieldSchema fields) {
        List<String> problems = new ArrayList<>();
        walk(event, "", fields, problems);
        return problems;
    }

    private static void walk(JsonNode node, String path, FieldSchema fields, List<String> problems) {
        if (node == null) {
            return;
        }
        // a field the mapping does not list, under dynamic: strict (refused whatever its value, null and [] too: the
        // review, on 8.19.21) or dynamic: false / enabled: false (kept in _source, not indexed: nothing refused); a
        // non-empty array's elements are each such a value, read below
        if (!path.isEmpty() && !(node.isArray() && !node.isEmpty()) && fields.field(path).isEmpty() && !fields.hasFieldsBelow(path)) {
            UnlistedField unlisted = fields.unlisted(path);
            if (unlisted.handling() == UnlistedField.Handling.REFUSES_EVENT) {
                problems.add(path + " is not in the mapping, whose " + unlisted.reason()
                        + " refuses an event holding a field it does not list");
                return;
            }
            if (unlisted.handling() == UnlistedField.Handling.NOT_INDEXED) {
                return;
            }
        }
        if (node.isNull()) {
            return;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                walk(element, path, fields, problems);
            }
            return;
        }
        Optional<FieldMapping> listed = path.isEmpty() ? Optional.empty() : fields.field(path)
                .or(() -> fields.hasFieldsBelow(path) ? Optional.of(new FieldMapping(path, "object")) : Optional.empty());
        // an unlisted value the root's dynamic templates map (a "*_ip" template's ip refuses "abc", as a listed ip does)
        Optional<FieldMapping> mapping = listed.isPresent() || path.isEmpty() || node.isObject()
                || fields.unlisted(path).handling() != UnlistedField.Handling.DYNAMIC ? listed
                : fields.dynamicMapping(path, node).filter(m -> m.notModelled() == null).flatMap(m -> m.field(path));
        if (mapping.filter(m -> "disabled".equals(m.dynamic())).isPresent()) {
            return; // enabled: false: Elasticsearch keeps whatever is there in _source, unparsed
        }
        if (node.isObject()) {
            if (mapping.isPresent() && refusesObjects(mapping.get())) {
                problems.add(path + " is mapped as " + mapping.get().type() + ", found an object");
                return;
            }
            if (mapping.isPresent() && !mapping.get().isContainer()) {
                return; // flattened, geo_point and the like take objects as values
            }
            Iterator<Map.Entry<String, JsonNode>> children = node.fields();
            while (children.hasNext()) {
                Map.Entry<String, JsonNode> child = children.next();
                Optional<String> badName = EventFields.keyProblem(child.getKey());
                if (badName.isPresent()) {
                    // refused wherever it is, mapped or not: Elasticsearch splits every key at its dots first
                    problems.add("the field name \"" + child.getKey() + "\"" + (path.isEmpty() ? "" : " in " + path)
                            + " is refused: " + badName.get());
                    continue;
                }
                String key = EventFields.keyPath(child.getKey()); // "name." is name
                walk(child.getValue(), path.isEmpty() ? key : path + "." + key, fields, problems);
            }
            return;
        }
        // with ignore_malformed Elasticsearch indexes the event and leaves the value out (an object it still refuses)
        mapping.filter(m -> !fields.ignoresMalformed(m)).flatMap(m -> refusal(m, node)).ifPresent(reason -> problems.add(path
                + " is mapped as " + mapping.get().type() + ", found " + describe(node) + reason));
    }

    /** Why the field's type refuses the value, as a clause to append (may be empty); empty when it takes it. */
    private static Optional<String> refusal(FieldMapping mapping, JsonNode value) {
        if (mapping.isContainer()) {
            return Optional.of(": an object field holds fields, not values");
        }
        if (mapping.isIp()) {
            boolean address = value.isTextual() && IpAddresses.parse(value.textValue()).isPresent();
            return address ? Optional.empty() : Optional.of(": an ip field takes an IPv4 or IPv6 address as a string");
        }
        if (mapping.isNumeric()) {
            return NumberTypes.indexable(mapping.type(), value) ? Optional.empty()
                    : Optional.of(": not a finite number within the range of " + mapping.type());
        }
        if (mapping.isDate() && mapping.format() != null && !value.isFloatingPointNumber() && !readsDate(mapping, value)) {
            return Optional.of(": the field's format \"" + mapping.format() + "\" does not read it");
        }
        if (mapping.isDate() && mapping.name().equals(TIMESTAMP) && mapping.format() == null
                && !value.isFloatingPointNumber() && DateValues.parseDocumentValue(value).isEmpty()) {
            // @timestamp of the default format, as ruleforge reads it everywhere (case files, run windows), and any
            // date field of a format of its own; how a JSON number with a fraction reads is not modelled, so not refused
            return Optional.of(": a date field takes a date in Elasticsearch's default format (\"2024-05-01T12:00:00Z\""
                    + " or epoch milliseconds)");
        }
        if (mapping.type().equals("date_nanos") && !value.isFloatingPointNumber() && outsideNanos(mapping, value)) {
            // nanoseconds since the epoch in a long: Elasticsearch refuses a date before 1970 or after 2262-04-11
            return Optional.of(": a date_nanos field holds dates from 1970-01-01T00:00:00Z to " + LAST_NANOS);
        }
        if (mapping.isDate() && value.isTextual() && value.textValue().isBlank()) {
            // any other date field, whose mapping may have a format the field tables do not carry: "" and " " are
            // refused whatever the format (no format reads them, and a date field has no empty-string-as-null)
            return Optional.of(": a date field has no empty value");
        }
        if (mapping.isBoolean()) {
            boolean accepted = value.isBoolean() || (value.isTextual()
                    && (value.textValue().equals("true") || value.textValue().equals("false") || value.textValue().isEmpty()));
            return accepted ? Optional.empty() : Optional.of(": a boolean field takes only true or false");
        }
        return Optional.empty();
    }

    private static final String TIMESTAMP = "@timestamp";
    private static final java.time.Instant LAST_NANOS = java.time.Instant.ofEpochSecond(0, Long.MAX_VALUE);

    /** Whether a date_nanos value reads as a date (in its format) outside what a long of nanoseconds holds. */
    private static boolean outsideNanos(FieldMapping mapping, JsonNode value) {
        Optional<DateValues.DateSpan> read = Optional.empty();
        if (mapping.format() == null) {
            read = DateValues.parseDocumentValue(value);
        } else if (value.isTextual()) {
            read = DateValues.parseDocument(value.textValue(), DateValues.compile(mapping.dateFormats()), ZoneOffset.UTC);
        }
        return read.map(d -> d.earliest().isBefore(java.time.Instant.EPOCH) || d.earliest().isAfter(LAST_NANOS)).orElse(false);
    }

    /** Whether a date field's own format reads the value; a format ruleforge does not read refuses nothing here. */
    private static boolean readsDate(FieldMapping mapping, JsonNode value) {
        try {
            // as written: Elasticsearch's date parsers do not trim (" 01/02/2024" is refused)
            return DateValues.parseDocument(value.asText(), DateValues.compile(mapping.dateFormats()), ZoneOffset.UTC).isPresent();
        } catch (NotModelledException e) {
            return true;
        }
    }

    private static boolean refusesObjects(FieldMapping mapping) {
        return mapping.isKeywordLike() || mapping.isText() || mapping.isIp() || mapping.isNumeric() || mapping.isDate()
                || mapping.isBoolean();
    }

    private static String describe(JsonNode value) {
        if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
            return "a number beyond the range of a double";
        }
        String text = value.toString();
        String shown = text.length() <= 40 ? text : text.substring(0, 39) + "…";
        if (value.isNumber()) {
            return "the number " + shown;
        }
        if (value.isBoolean()) {
            return "the boolean " + shown;
        }
        return "the string " + shown;
    }
}
