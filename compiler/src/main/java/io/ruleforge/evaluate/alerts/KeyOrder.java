package io.ruleforge.evaluate.alerts;

import io.ruleforge.evaluate.IpAddresses;
import io.ruleforge.evaluate.esql.Values;
import io.ruleforge.fields.FieldKind;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.DateValues;
import io.ruleforge.fields.FieldSchema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The order in which a composite aggregation returns its groups, which decides the groups a {@code max_signals} cut
 * keeps (threshold: {@code buckets.slice(0, maxSignals)}; query suppression: one page of {@code max_signals}
 * buckets): by each source in turn, each compared as its field's mapped type stores it — a number by value
 * ({@code 9 < 10}), an {@code ip} by its 16-byte form ({@code 10.0.0.9 < 10.0.0.10 < 192.168.1.1}), a date by its
 * instant, a keyword by its UTF-8 bytes (code points) — and a missing value last ({@code missing_order: 'last'} in Kibana's suppression
 * composite; threshold composites have no missing bucket). A field whose type is not known compares as a keyword.
 * Two keys are equal only when each value is: the same number written twice ({@code 5}, {@code 5.0}) is one group,
 * as it is one term of a numeric field.
 *
 * @param kinds the mapped kind of each field known; others are keywords
 */
public record KeyOrder(Map<String, FieldKind> kinds) implements Comparator<Map<String, String>> {

    /** Every value compared as a keyword. */
    public static final KeyOrder KEYWORDS = new KeyOrder(Map.of());

    public KeyOrder {
        kinds = Map.copyOf(kinds);
    }

    /** The kinds of {@code fields} in {@code schema} (unknown fields are keywords). */
    public static KeyOrder of(FieldSchema schema, Collection<String> fields) {
        Map<String, FieldKind> kinds = new LinkedHashMap<>();
        for (String field : fields) {
            schema.field(field).map(FieldMapping::kind).ifPresent(kind -> kinds.put(field, kind));
        }
        return new KeyOrder(kinds);
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
            case NUMBER -> compareParsed(x, y, KeyOrder::number, Comparator.naturalOrder());
            case IP -> compareParsed(x, y, IpAddresses::parse, Arrays::compareUnsigned);
            // a date source's keys are epoch milliseconds
            case DATE -> compareParsed(x, y, KeyOrder::date, Comparator.naturalOrder());
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
