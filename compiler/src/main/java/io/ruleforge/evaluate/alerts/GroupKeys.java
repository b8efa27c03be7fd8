package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.net.IpAddresses;
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
import java.util.Objects;
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

    /** The composite keys of {@code field} in the event, distinct; none when it has no value the type holds. */
    public List<String> compositeKeys(JsonNode document, String field) {
        return keys.keys(document, field);
    }

    /** The values of {@code field} in the event as the fields API returns them (in-memory suppression's keys). */
    public List<String> fieldValues(JsonNode document, String field) {
        return keys.fieldValues(document, field);
    }

    /**
     * The paths of an event's source {@code field}'s keys and values are read from ({@link TermKeys#sourcePaths}): what
     * a search fetches of an event ({@code _source.includes}) so that it is keyed here as the whole event would be.
     */
    public List<String> sourcePaths(String field) {
        return keys.sourcePaths(field);
    }

    /**
     * A group-by term of in-memory suppression: its {@code identity} decides the group as Kibana's hash of the term's
     * value does, its {@code text} is shown ({@code null} when missing).
     */
    public record Term(String identity, String text) {
        /** No value: a group of its own ({@code null}), unlike the text "null". */
        public static final Term MISSING = new Term("\u0000", null);
    }

    /**
     * The term in-memory suppression keys an event by ({@code getSuppressionTerms} over the hit's {@code fields}): the
     * fields API's values, sorted, repeats kept; an array is another term than a value holding the joined text
     * ({@code ["a","b"]} is not {@code "a,b"}), one value is the same term as an array of it (the fields API always
     * answers with an array).
     */
    public Term fieldsApiTerm(JsonNode document, String field) {
        List<String> values = fieldValues(document, field).stream().sorted().toList();
        if (values.isEmpty()) {
            return Term.MISSING;
        }
        return new Term(String.join("\u0000", values), String.join(",", values));
    }

    /**
     * Whether a key written by hand (a case file's expected alert) names {@code actual}: each value as written, or
     * read as the field's type stores it — in a composite key's form ({@code 2024-05-01T10:00:00Z} names
     * {@code 1714557600000}) or the fields API's ({@code 2024-05-01T10:00:00.000Z}), whichever the rule type keys by.
     */
    public boolean names(Map<String, String> written, Map<String, String> actual) {
        if (!written.keySet().equals(actual.keySet())) {
            return false;
        }
        for (Map.Entry<String, String> e : written.entrySet()) {
            String value = actual.get(e.getKey());
            String text = e.getValue();
            if (!Objects.equals(text, value) && (text == null || value == null
                    || !value.equals(keys.key(e.getKey(), text)) && !value.equals(keys.fieldValue(e.getKey(), text)))) {
                return false;
            }
        }
        return true;
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
            List<String> values = new ArrayList<>(compositeKeys(document, field));
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
            // a date source's keys are epoch milliseconds (in-memory keys: the fields API's printed dates)
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
        // an epoch-millisecond key without the date parser, which would also read a short one as a year
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9' || c == '-') && text.length() < 19) {
            try {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
            } catch (NumberFormatException e) {
                // not a plain number: a date
            }
        }
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
