package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.IpAddresses;
import io.ruleforge.evaluate.TermKeys;
import io.ruleforge.evaluate.esql.Values;
import io.ruleforge.fields.FieldKind;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.DateValues;
import io.ruleforge.fields.FieldSchema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * How a composite aggregation sees the group fields of threshold, suppression and new terms rules: each event's
 * keys as the fields' mapped types store them ({@link TermKeys}: a long's {@code 5.7} is {@code 5}, a date is epoch
 * milliseconds, {@code ::ffff:10.0.0.1} is {@code 10.0.0.1}), so that two events are one group exactly when
 * Elasticsearch makes them one; and the order in which the aggregation returns its groups, which decides the groups a
 * {@code max_signals} cut keeps (threshold: {@code buckets.slice(0, maxSignals)}; query suppression: one page of
 * {@code max_signals} buckets): by each source in turn, each compared as its field's mapped type stores it — a number
 * by value ({@code 9 < 10}), an {@code ip} by its 16-byte form ({@code 10.0.0.9 < 10.0.0.10 < 192.168.1.1}), a date by
 * its instant, a keyword by its UTF-8 bytes (code points) — and a missing value last ({@code missing_order: 'last'} in
 * Kibana's suppression composite; threshold composites have no missing bucket). A field whose type is not known
 * keeps its source text and compares as a keyword.
 *
 * @param kinds the mapped kind of each field known; others are keywords
 * @param keys  the keys of a field in an event
 */
public record GroupKeys(Map<String, FieldKind> kinds, TermKeys keys) implements Comparator<Map<String, String>> {

    /** No mapping known: each value keyed by its source text and compared as a keyword. */
    public static final GroupKeys KEYWORDS = new GroupKeys(Map.of(), TermKeys.sourceText());

    public GroupKeys {
        kinds = Map.copyOf(kinds);
        keys = keys == null ? TermKeys.sourceText() : keys;
    }

    /** The keys and kinds of {@code fields} in an index mapped with {@code schema} (unknown fields are keywords). */
    public static GroupKeys of(FieldSchema schema, Collection<String> fields) {
        Map<String, FieldKind> kinds = new LinkedHashMap<>();
        for (String field : fields) {
            schema.field(field).map(FieldMapping::kind).ifPresent(kind -> kinds.put(field, kind));
        }
        return new GroupKeys(kinds, TermKeys.of(schema));
    }

    /** The keys of {@code field} in the event, distinct; none when it has no value the type holds. */
    public List<String> values(JsonNode document, String field) {
        return keys.keys(document, field);
    }

    /** A key written by hand (a case file's expected alert) in the form the group keys take. */
    public Map<String, String> canonical(Map<String, String> key) {
        Map<String, String> out = new LinkedHashMap<>();
        key.forEach((field, value) -> out.put(field, keys.key(field, value)));
        return out;
    }

    /**
     * Every combination of values of {@code fields} (one per field) the event has, as a composite aggregation makes
     * buckets: none when a field is missing (no {@code missing_bucket}); with {@code missingAsNull}, a missing field
     * gives one {@code null} value instead ({@code missing_bucket: true}).
     */
    public List<Map<String, String>> combinations(JsonNode document, List<String> fields, boolean missingAsNull) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (String field : fields) {
            List<String> values = new ArrayList<>(values(document, field));
            if (values.isEmpty()) {
                if (!missingAsNull) {
                    return List.of();
                }
                values.add(null);
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> prefix : out) {
                for (String value : values) {
                    Map<String, String> combination = new LinkedHashMap<>(prefix);
                    combination.put(field, value);
                    next.add(combination);
                }
            }
            out = next;
        }
        return out;
    }

    @Override
    public int compare(Map<String, String> a, Map<String, String> b) {
        Iterator<Map.Entry<String, String>> ia = a.entrySet().iterator();
        Iterator<Map.Entry<String, String>> ib = b.entrySet().iterator();
        while (ia.hasNext() && ib.hasNext()) {
            Map.Entry<String, String> x = ia.next();
            String y = ib.next().getValue();
            int c = compareValues(kinds.getOrDefault(x.getKey(), FieldKind.KEYWORD), x.getValue(), y);
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(ia.hasNext(), ib.hasNext());
    }

    private static int compareValues(FieldKind kind, String x, String y) {
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : 1) : -1;
        }
        OptionalInt typed = switch (kind) {
            case NUMBER -> compareParsed(x, y, GroupKeys::number, Comparator.naturalOrder());
            case IP -> compareParsed(x, y, IpAddresses::parse, Arrays::compareUnsigned);
            // a date source's keys are epoch milliseconds
            case DATE -> compareParsed(x, y, GroupKeys::date, Comparator.naturalOrder());
            default -> OptionalInt.empty();
        };
        if (typed.isPresent()) {
            return typed.getAsInt();
        }
        // UTF-8 byte order is code point order (String.compareTo orders UTF-16 units: not above U+FFFF)
        return Values.compareCodePoints(x, y);
    }

    /**
     * {@code x} against {@code y} as the type stores them; a value the type cannot hold (Elasticsearch would have
     * refused or ignored it) sorts after those it can, so that the order stays total; empty when neither parses.
     */
    private static <T> OptionalInt compareParsed(String x, String y, Function<String, Optional<T>> parse, Comparator<T> order) {
        Optional<T> px = parse.apply(x);
        Optional<T> py = parse.apply(y);
        if (px.isPresent() && py.isPresent()) {
            return OptionalInt.of(order.compare(px.get(), py.get()));
        }
        if (px.isPresent() != py.isPresent()) {
            return OptionalInt.of(px.isPresent() ? -1 : 1);
        }
        return OptionalInt.empty();
    }

    /**
     * Whether {@code a} and {@code b} are one value of {@code field} as its type stores it ({@code 5} and {@code 5.0}
     * of a number, {@code 10.0.0.1} and {@code ::ffff:10.0.0.1} of an ip): a {@code term} on the field finds both.
     */
    public boolean sameValue(String field, String a, String b) {
        return compareValues(kinds.getOrDefault(field, FieldKind.KEYWORD), a, b) == 0;
    }

    private static Optional<Instant> date(String text) {
        return DateValues.parse(text, DateValues.DEFAULT_FORMATS, ZoneOffset.UTC).map(DateValues.DateSpan::earliest);
    }

    private static Optional<BigDecimal> number(String text) {
        try {
            return Optional.of(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
