package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;
import io.ruleforge.fields.DateValues;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The Java form of ES|QL values and the operations every stage shares. A cell holds {@code null}, one value, or a
 * {@link List} of two or more values (a multi-value). Values by type: keyword/text {@link String}; integer
 * {@link Integer}; long {@link Long}; unsigned_long {@link BigInteger}; double {@link Double}; boolean
 * {@link Boolean}; date {@link Long} epoch milliseconds; ip {@link IpValue}; version {@link VersionValue}; geo_point
 * {@link GeoPoint}; date_period {@link java.time.Period}; time_duration {@link java.time.Duration}.
 */
public final class Values {

    private Values() {
    }

    /** The values of a cell: none for null, one, or each of a multi-value. */
    public static List<Object> list(Object cell) {
        if (cell == null) {
            return List.of();
        }
        if (cell instanceof List<?> many) {
            return Collections.unmodifiableList(many);
        }
        return List.of(cell);
    }

    /** The cell holding these values: null for none, the value for one, a list for more. */
    public static Object cell(List<?> values) {
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() == 1) {
            return values.get(0);
        }
        return List.copyOf(values);
    }

    public static boolean isMulti(Object cell) {
        return cell instanceof List<?>;
    }

    /**
     * Orders two values of one type (or two numbers of any numeric types) as ES|QL sorts them: strings by their
     * UTF-8 bytes (code point order), numbers numerically, false before true.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y);
        }
        if (a instanceof Comparable x && a.getClass() == b.getClass()) {
            return x.compareTo(b);
        }
        throw new IllegalArgumentException("cannot compare " + a.getClass().getSimpleName() + " with " + b.getClass().getSimpleName());
    }

    public static int compareNumbers(Number x, Number y) {
        if (isIntegral(x) && isIntegral(y)) {
            if (x instanceof BigInteger || y instanceof BigInteger) {
                return toBigInteger(x).compareTo(toBigInteger(y));
            }
            return Long.compare(x.longValue(), y.longValue());
        }
        if (x instanceof BigInteger || y instanceof BigInteger) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        return Double.compare(x.doubleValue(), y.doubleValue());
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof BigInteger;
    }

    private static BigInteger toBigInteger(Number n) {
        return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    }

    public static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int a = x.codePointAt(i);
            int b = y.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }

    /** Equality as ES|QL's {@code ==}: numbers by value across numeric types, everything else by value. */
    public static boolean equal(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y) == 0;
        }
        return a.equals(b);
    }

    /** One value as ES|QL prints it (csv-spec form): dates in ISO 8601 with milliseconds, doubles as Java prints them. */
    public static String format(Object value, DataType type) {
        if (value == null) {
            return "null";
        }
        if (value instanceof List<?> many) {
            List<String> parts = new ArrayList<>();
            for (Object v : many) {
                parts.add(format(v, type));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        if (type == DataType.DATETIME && value instanceof Long millis) {
            return formatDate(millis);
        }
        if (value instanceof Double d) {
            return formatDouble(d);
        }
        return value.toString();
    }

    public static String formatDate(long millis) {
        return DateValues.isoMillis(Instant.ofEpochMilli(millis));
    }

    public static String formatDouble(double d) {
        return Double.toString(d);
    }

    /**
     * A value read from text as the given type (csv-spec datasets and expected results, TO_* conversions from
     * strings), or empty when the text is not one.
     */
    public static Optional<Object> parse(String text, DataType type) {
        String t = type == DataType.KEYWORD || type == DataType.TEXT ? text : text.trim();
        try {
            return Optional.ofNullable(switch (type) {
                case KEYWORD, TEXT -> t;
                case INTEGER -> parseWhole(t).filter(v -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE)
                        .map(Long::intValue).orElse(null);
                case LONG -> parseWhole(t).orElse(null);
                case UNSIGNED_LONG -> parseUnsigned(t);
                case DOUBLE -> Double.parseDouble(t);
                case BOOLEAN -> t.equalsIgnoreCase("true") ? Boolean.TRUE : t.equalsIgnoreCase("false") ? Boolean.FALSE : null;
                case DATETIME -> parseDate(t).orElse(null);
                case IP -> IpValue.parse(t).orElse(null);
                case VERSION -> new VersionValue(t);
                case GEO_POINT -> GeoPoint.parse(t).orElse(null);
                default -> null;
            });
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A whole number, also written as a decimal without fraction ({@code "2.0"}), as ES|QL's string conversions accept. */
    private static Optional<Long> parseWhole(String t) {
        try {
            return Optional.of(Long.parseLong(t));
        } catch (NumberFormatException e) {
            BigDecimal d = new BigDecimal(t);
            BigInteger whole = d.toBigInteger();
            if (whole.bitLength() > 63) {
                return Optional.empty();
            }
            return Optional.of(whole.longValue());
        }
    }

    private static BigInteger parseUnsigned(String t) {
        BigInteger v = new BigDecimal(t).toBigInteger();
        return v.signum() < 0 || v.bitLength() > 64 ? null : v;
    }

    /**
     * strict_date_optional_time (or epoch milliseconds), UTC unless the text names a zone; as written, since
     * Elasticsearch's date parser trims nothing (a document's {@code " 2024-01-01"} is refused, {@code TO_DATETIME}
     * of it is null with a warning).
     */
    public static Optional<Long> parseDate(String text) {
        return DateValues.parseDocument(text, DateValues.DEFAULT, ZoneOffset.UTC)
                .map(span -> span.earliest().toEpochMilli());
    }
}
