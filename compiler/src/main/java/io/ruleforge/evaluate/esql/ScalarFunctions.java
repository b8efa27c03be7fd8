package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The scalar functions ruleforge evaluates, by upper-case name. Unless a function takes multi-values (the MV_*
 * functions, conversions, CASE's values, COALESCE), a null argument makes the result null and a multi-valued one
 * makes it null with the warning Elasticsearch gives ({@link EvaluationFailure#multiValue()}).
 */
public final class ScalarFunctions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ScalarFunction> functions = new TreeMap<>();

    private ScalarFunctions() {
        strings();
        multiValues();
        conversions();
        dates();
        numbers();
        conditionals();
        others();
    }

    private static final ScalarFunctions INSTANCE = new ScalarFunctions();

    /** The function named {@code name} (any case), or empty when ruleforge does not evaluate it. */
    public static Optional<ScalarFunction> named(String name) {
        return Optional.ofNullable(INSTANCE.functions.get(name.toUpperCase(Locale.ROOT)));
    }

    public static Set<String> names() {
        return INSTANCE.functions.keySet();
    }

    // ---- building blocks

    private interface Body {
        Object apply(List<Object> values, List<DataType> types, EvaluationContext context);
    }

    private interface TypeRule {
        DataType of(List<DataType> types);
    }

    /** Null in → null out, multi-value in → null with a warning; arity checked against [min, max]. */
    private void strict(String name, int min, int max, TypeRule type, Body body) {
        functions.put(name, new ScalarFunction() {
            @Override
            public DataType returnType(List<DataType> types) {
                arity(name, types, min, max);
                return type.of(types);
            }

            @Override
            public Object apply(List<Object> args, List<DataType> types, EvaluationContext context) {
                for (Object a : args) {
                    if (a == null) {
                        return null;
                    }
                }
                for (Object a : args) {
                    if (a instanceof List<?>) {
                        throw EvaluationFailure.multiValue();
                    }
                }
                return body.apply(args, types, context);
            }
        });
    }

    /** The body sees cells as they are (null, one value, or a list). */
    private void raw(String name, int min, int max, TypeRule type, Body body) {
        functions.put(name, new ScalarFunction() {
            @Override
            public DataType returnType(List<DataType> types) {
                arity(name, types, min, max);
                return type.of(types);
            }

            @Override
            public Object apply(List<Object> args, List<DataType> types, EvaluationContext context) {
                return body.apply(args, types, context);
            }
        });
    }

    /** A conversion: applied to each value of a multi-value; a value that does not convert is dropped with a warning. */
    private void conversion(String name, DataType target, Function<Object, Object> convert) {
        raw(name, 1, 1, t -> target, (args, types, ctx) -> {
            Object cell = args.get(0);
            if (cell == null) {
                return null;
            }
            List<Object> out = new ArrayList<>();
            EvaluationFailure failure = null;
            for (Object v : Values.list(cell)) {
                try {
                    Object c = convert.apply(v);
                    if (c != null) {
                        out.add(c);
                    }
                } catch (EvaluationFailure e) {
                    failure = e;
                }
            }
            if (out.isEmpty() && failure != null) {
                throw failure;
            }
            return Values.cell(out);
        });
    }

    private static void arity(String name, List<DataType> types, int min, int max) {
        if (types.size() < min || types.size() > max) {
            String expected = min == max ? String.valueOf(min) : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
            throw new IllegalArgumentException(name + " takes " + expected + " argument" + (min == 1 && max == 1 ? "" : "s")
                    + ", found " + types.size());
        }
    }

    private static TypeRule fixed(DataType t) {
        return types -> t;
    }

    private static TypeRule sameAs(int index) {
        return types -> types.get(index);
    }

    /** keyword for keyword arguments, text when the string argument is text (TO_LOWER, TRIM…). */
    private static TypeRule stringLike(int index) {
        return types -> types.get(index) == DataType.TEXT ? DataType.TEXT : DataType.KEYWORD;
    }

    private static String str(Object v) {
        return (String) v;
    }

    private static int integer(Object v) {
        return ((Number) v).intValue();
    }

    private static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    /** The substring between code point positions [from, to). */
    private static String codePointSlice(String s, int from, int to) {
        int n = codePoints(s);
        from = Math.max(0, Math.min(from, n));
        to = Math.max(from, Math.min(to, n));
        return s.substring(s.offsetByCodePoints(0, from), s.offsetByCodePoints(0, to));
    }

    /** What TRIM removes: ASCII whitespace and control characters, as Elasticsearch trims the UTF-8 bytes. */
    private static boolean trimmed(char c) {
        return c <= ' ';
    }

    // ---- strings

    private void strings() {
        strict("LENGTH", 1, 1, fixed(DataType.INTEGER), (a, t, c) -> codePoints(str(a.get(0))));
        strict("CONCAT", 2, Integer.MAX_VALUE, fixed(DataType.KEYWORD), (a, t, c) -> {
            StringBuilder out = new StringBuilder();
            a.forEach(v -> out.append(str(v)));
            return out.toString();
        });
        strict("TO_LOWER", 1, 1, stringLike(0), (a, t, c) -> str(a.get(0)).toLowerCase(Locale.ROOT));
        strict("TO_UPPER", 1, 1, stringLike(0), (a, t, c) -> str(a.get(0)).toUpperCase(Locale.ROOT));
        strict("TRIM", 1, 1, stringLike(0), (a, t, c) -> trim(str(a.get(0)), true, true));
        strict("LTRIM", 1, 1, stringLike(0), (a, t, c) -> trim(str(a.get(0)), true, false));
        strict("RTRIM", 1, 1, stringLike(0), (a, t, c) -> trim(str(a.get(0)), false, true));
        strict("REPLACE", 3, 3, fixed(DataType.KEYWORD), (a, t, c) -> {
            try {
                return Pattern.compile(str(a.get(1))).matcher(str(a.get(0))).replaceAll(str(a.get(2)));
            } catch (PatternSyntaxException e) {
                throw new EvaluationFailure("java.util.regex.PatternSyntaxException", e.getMessage());
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw EvaluationFailure.illegalArgument(e.getMessage());
            }
        });
        strict("STARTS_WITH", 2, 2, fixed(DataType.BOOLEAN), (a, t, c) -> str(a.get(0)).startsWith(str(a.get(1))));
        strict("ENDS_WITH", 2, 2, fixed(DataType.BOOLEAN), (a, t, c) -> str(a.get(0)).endsWith(str(a.get(1))));
        strict("SUBSTRING", 2, 3, fixed(DataType.KEYWORD), (a, t, c) -> {
            String s = str(a.get(0));
            int n = codePoints(s);
            int start = integer(a.get(1));
            // 1-based; 0 is the first character too; a negative start counts from the end
            int from = start > 0 ? start - 1 : start < 0 ? Math.max(0, n + start) : 0;
            int length = a.size() > 2 ? integer(a.get(2)) : n;
            if (length < 0) {
                throw EvaluationFailure.illegalArgument("Length parameter cannot be negative, found [" + length + "]");
            }
            return codePointSlice(s, from, (int) Math.min((long) from + length, n));
        });
        strict("LEFT", 2, 2, fixed(DataType.KEYWORD), (a, t, c) -> {
            int length = integer(a.get(1));
            return length < 0 ? "" : codePointSlice(str(a.get(0)), 0, length);
        });
        strict("RIGHT", 2, 2, fixed(DataType.KEYWORD), (a, t, c) -> {
            String s = str(a.get(0));
            int n = codePoints(s);
            int length = integer(a.get(1));
            return length < 0 ? "" : codePointSlice(s, Math.max(0, n - length), n);
        });
        strict("SPLIT", 2, 2, fixed(DataType.KEYWORD), (a, t, c) -> {
            String s = str(a.get(0));
            String delimiter = str(a.get(1));
            if (delimiter.getBytes(StandardCharsets.UTF_8).length != 1) {
                throw EvaluationFailure.illegalArgument("delimiter must be single byte for now");
            }
            List<Object> parts = new ArrayList<>();
            int from = 0;
            int at;
            while ((at = s.indexOf(delimiter, from)) >= 0) {
                parts.add(s.substring(from, at));
                from = at + 1;
            }
            parts.add(s.substring(from));
            return Values.cell(parts);
        });
        strict("LOCATE", 2, 3, fixed(DataType.INTEGER), (a, t, c) -> {
            String s = str(a.get(0));
            String sub = str(a.get(1));
            int start = a.size() > 2 ? integer(a.get(2)) : 1;
            int n = codePoints(s);
            int from = start <= 0 ? 0 : Math.min(start - 1, n);
            int at = s.indexOf(sub, s.offsetByCodePoints(0, from));
            return at < 0 ? 0 : s.codePointCount(0, at) + 1;
        });
        strict("URL_DECODE", 1, 1, fixed(DataType.KEYWORD), (a, t, c) -> {
            try {
                return URLDecoder.decode(str(a.get(0)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw EvaluationFailure.illegalArgument("URLDecoder: " + e.getMessage());
            }
        });
        strict("SPACE", 1, 1, fixed(DataType.KEYWORD), (a, t, c) -> {
            int n = integer(a.get(0));
            if (n < 0) {
                throw EvaluationFailure.illegalArgument("Number parameter cannot be negative, found [" + n + "]");
            }
            return " ".repeat(n);
        });
        strict("FROM_BASE64", 1, 1, fixed(DataType.KEYWORD), (a, t, c) -> {
            try {
                return new String(java.util.Base64.getDecoder().decode(str(a.get(0)).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw EvaluationFailure.illegalArgument(e.getMessage());
            }
        });
        strict("TO_BASE64", 1, 1, fixed(DataType.KEYWORD),
                (a, t, c) -> java.util.Base64.getEncoder().encodeToString(str(a.get(0)).getBytes(StandardCharsets.UTF_8)));
        strict("JSON_EXTRACT", 2, 2, fixed(DataType.KEYWORD), (a, t, c) -> jsonExtract(str(a.get(0)), str(a.get(1))));
    }

    private static String trim(String s, boolean leading, boolean trailing) {
        int from = 0;
        int to = s.length();
        while (leading && from < to && trimmed(s.charAt(from))) {
            from++;
        }
        while (trailing && to > from && trimmed(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    /**
     * JSON_EXTRACT(json, path): the value at a dotted path ({@code a.b}, {@code $.a.b}, {@code a[0]}); strings come
     * back unquoted, objects and arrays as JSON text; a missing path is null with a warning.
     */
    private static Object jsonExtract(String json, String path) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw EvaluationFailure.illegalArgument("invalid JSON input");
        }
        String p = path.startsWith("$") ? path.substring(1) : path;
        for (String step : p.split("\\.")) {
            if (step.isEmpty()) {
                continue;
            }
            String name = step;
            List<Integer> indexes = new ArrayList<>();
            int bracket = step.indexOf('[');
            if (bracket >= 0) {
                name = step.substring(0, bracket);
                for (String idx : step.substring(bracket + 1).split("\\[")) {
                    indexes.add(Integer.parseInt(idx.replace("]", "").trim()));
                }
            }
            if (!name.isEmpty()) {
                node = node == null ? null : node.get(name);
            }
            for (int i : indexes) {
                node = node == null ? null : node.get(i);
            }
            if (node == null) {
                throw EvaluationFailure.illegalArgument("path [" + path + "] does not exist");
            }
        }
        if (node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    // ---- multi-values

    private void multiValues() {
        raw("MV_FIRST", 1, 1, sameAs(0), (a, t, c) -> Values.list(a.get(0)).isEmpty() ? null : Values.list(a.get(0)).get(0));
        raw("MV_LAST", 1, 1, sameAs(0), (a, t, c) -> {
            List<Object> vs = Values.list(a.get(0));
            return vs.isEmpty() ? null : vs.get(vs.size() - 1);
        });
        raw("MV_MIN", 1, 1, sameAs(0), (a, t, c) -> Values.list(a.get(0)).stream().min(Values::compare).orElse(null));
        raw("MV_MAX", 1, 1, sameAs(0), (a, t, c) -> Values.list(a.get(0)).stream().max(Values::compare).orElse(null));
        raw("MV_COUNT", 1, 1, fixed(DataType.INTEGER), (a, t, c) -> a.get(0) == null ? null : Values.list(a.get(0)).size());
        raw("MV_DEDUPE", 1, 1, sameAs(0), (a, t, c) -> Values.cell(new ArrayList<>(new LinkedHashSet<>(Values.list(a.get(0))))));
        raw("MV_CONCAT", 2, 2, fixed(DataType.KEYWORD), (a, t, c) -> {
            if (a.get(0) == null || a.get(1) == null) {
                return null;
            }
            if (a.get(1) instanceof List<?>) {
                throw EvaluationFailure.multiValue();
            }
            List<String> parts = new ArrayList<>();
            Values.list(a.get(0)).forEach(v -> parts.add(v.toString()));
            return String.join(str(a.get(1)), parts);
        });
        raw("MV_SLICE", 2, 3, sameAs(0), (a, t, c) -> {
            if (a.get(0) == null || a.get(1) == null || (a.size() > 2 && a.get(2) == null)) {
                return null;
            }
            List<Object> vs = Values.list(a.get(0));
            int n = vs.size();
            int start = integer(a.get(1));
            int end = a.size() > 2 ? integer(a.get(2)) : start;
            int from = start < 0 ? n + start : start;
            int to = end < 0 ? n + end : end;
            if (from > to) {
                throw EvaluationFailure.illegalArgument("Start offset is greater than end offset");
            }
            from = Math.max(0, from);
            to = Math.min(n - 1, to);
            if (from >= n || to < from) {
                return null;
            }
            return Values.cell(vs.subList(from, to + 1));
        });
        raw("MV_SORT", 1, 2, sameAs(0), (a, t, c) -> {
            if (a.get(0) == null) {
                return null;
            }
            String order = a.size() > 1 && a.get(1) != null ? str(a.get(1)) : "ASC";
            if (!order.equalsIgnoreCase("asc") && !order.equalsIgnoreCase("desc")) {
                throw EvaluationFailure.illegalArgument("Invalid order value in [MV_SORT], expected one of [ASC, DESC] but got [" + order + "]");
            }
            List<Object> vs = new ArrayList<>(Values.list(a.get(0)));
            Comparator<Object> cmp = Values::compare;
            vs.sort(order.equalsIgnoreCase("desc") ? cmp.reversed() : cmp);
            return Values.cell(vs);
        });
        raw("MV_INTERSECTION", 2, 2, sameAs(0), (a, t, c) -> {
            if (a.get(0) == null || a.get(1) == null) {
                return null;
            }
            Set<Object> right = new LinkedHashSet<>(Values.list(a.get(1)));
            List<Object> out = new ArrayList<>();
            for (Object v : new LinkedHashSet<>(Values.list(a.get(0)))) {
                if (right.contains(v)) {
                    out.add(v);
                }
            }
            return Values.cell(out);
        });
        raw("MV_CONTAINS", 2, 2, fixed(DataType.BOOLEAN), (a, t, c) -> {
            // every value of the second is among the first; null as the second is "nothing required"
            if (a.get(1) == null) {
                return true;
            }
            if (a.get(0) == null) {
                return false;
            }
            return new LinkedHashSet<>(Values.list(a.get(0))).containsAll(Values.list(a.get(1)));
        });
        raw("MV_APPEND", 2, 2, sameAs(0), (a, t, c) -> {
            if (a.get(0) == null || a.get(1) == null) {
                return null;
            }
            List<Object> out = new ArrayList<>(Values.list(a.get(0)));
            out.addAll(Values.list(a.get(1)));
            return Values.cell(out);
        });
        raw("MV_SUM", 1, 1, sameAs(0), (a, t, c) -> {
            Object sum = null;
            for (Object v : Values.list(a.get(0))) {
                sum = sum == null ? v : Arithmetic.add(sum, v, t.get(0));
            }
            return sum;
        });
        raw("MV_AVG", 1, 1, fixed(DataType.DOUBLE), (a, t, c) -> {
            List<Object> vs = Values.list(a.get(0));
            return vs.isEmpty() ? null : vs.stream().mapToDouble(v -> ((Number) v).doubleValue()).sum() / vs.size();
        });
    }

    // ---- conversions

    private void conversions() {
        conversion("TO_STRING", DataType.KEYWORD, ScalarFunctions::toStringValue);
        conversion("TO_TEXT", DataType.TEXT, ScalarFunctions::toStringValue);
        // a date is a long underneath: TO_STRING prints it as a date
        ScalarFunction toString = functions.get("TO_STRING");
        functions.put("TO_STRING", new ScalarFunction() {
            @Override
            public DataType returnType(List<DataType> types) {
                return toString.returnType(types);
            }

            @Override
            public Object apply(List<Object> args, List<DataType> types, EvaluationContext context) {
                if (types.get(0) != DataType.DATETIME || args.get(0) == null) {
                    return toString.apply(args, types, context);
                }
                List<Object> out = new ArrayList<>();
                Values.list(args.get(0)).forEach(v -> out.add(Values.formatDate((Long) v)));
                return Values.cell(out);
            }
        });
        conversion("TO_INTEGER", DataType.INTEGER, v -> {
            long l = toLong(v);
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw new EvaluationFailure("org.elasticsearch.xpack.esql.core.InvalidArgumentException",
                        "[" + v + "] out of [integer] range");
            }
            return (int) l;
        });
        conversion("TO_LONG", DataType.LONG, ScalarFunctions::toLong);
        conversion("TO_DOUBLE", DataType.DOUBLE, v -> {
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            if (v instanceof Boolean b) {
                return b ? 1.0 : 0.0;
            }
            try {
                return Double.parseDouble(str(v).trim());
            } catch (NumberFormatException e) {
                throw new EvaluationFailure("java.lang.NumberFormatException", "For input string: \"" + v + "\"");
            }
        });
        conversion("TO_BOOLEAN", DataType.BOOLEAN, v -> {
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof String s) {
                return Boolean.parseBoolean(s);
            }
            if (v instanceof Number n) {
                return n.doubleValue() != 0;
            }
            return null;
        });
        conversion("TO_DATETIME", DataType.DATETIME, v -> {
            if (v instanceof String s) {
                return Values.parseDate(s).orElseThrow(() -> new EvaluationFailure("java.lang.IllegalArgumentException",
                        "failed to parse date field [" + s + "] with format [strict_date_optional_time]"));
            }
            if (v instanceof Double d) {
                return d.longValue();
            }
            if (v instanceof BigInteger b && b.bitLength() > 63) {
                throw new EvaluationFailure("org.elasticsearch.xpack.esql.core.InvalidArgumentException", "[" + b + "] out of [long] range");
            }
            return ((Number) v).longValue();
        });
        conversion("TO_UNSIGNED_LONG", DataType.UNSIGNED_LONG, v -> {
            if (v instanceof BigInteger b) {
                return b;
            }
            if (v instanceof Boolean b) {
                return b ? BigInteger.ONE : BigInteger.ZERO;
            }
            BigInteger b = v instanceof String s ? Values.parse(s.trim(), DataType.UNSIGNED_LONG).map(BigInteger.class::cast).orElse(null)
                    : v instanceof Double d ? java.math.BigDecimal.valueOf(d).toBigInteger() : BigInteger.valueOf(((Number) v).longValue());
            if (b == null || b.signum() < 0 || b.bitLength() > 64) {
                throw new EvaluationFailure("org.elasticsearch.xpack.esql.core.InvalidArgumentException", "[" + v + "] out of [unsigned_long] range");
            }
            return b;
        });
        // Elasticsearch's aliases of the conversion functions
        Map.of("TO_DT", "TO_DATETIME", "TO_BOOL", "TO_BOOLEAN", "TO_STR", "TO_STRING", "TO_INT", "TO_INTEGER", "TO_DBL", "TO_DOUBLE",
                "TO_UL", "TO_UNSIGNED_LONG", "TO_ULONG", "TO_UNSIGNED_LONG", "TO_VER", "TO_VERSION")
                .forEach((alias, name) -> functions.put(alias, functions.get(name)));
        conversion("TO_IP", DataType.IP, v -> v instanceof IpValue ip ? ip : IpValue.parse(str(v))
                .orElseThrow(() -> EvaluationFailure.illegalArgument("'" + v + "' is not an IP string literal.")));
        conversion("TO_VERSION", DataType.VERSION, v -> v instanceof VersionValue ver ? ver : new VersionValue(str(v)));
        conversion("TO_GEOPOINT", DataType.GEO_POINT, v -> v instanceof GeoPoint p ? p : GeoPoint.parse(str(v))
                .orElseThrow(() -> EvaluationFailure.illegalArgument("Failed to parse WKT: " + v)));
    }

    static String toStringValue(Object v) {
        if (v instanceof Double d) {
            return Values.formatDouble(d);
        }
        return v.toString();
    }

    /** A value as a long, as ES|QL converts it: doubles lose their fraction; out of range is a failure. */
    private static long toLong(Object v) {
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d > Long.MAX_VALUE || d < Long.MIN_VALUE) {
                throw new EvaluationFailure("org.elasticsearch.xpack.esql.core.InvalidArgumentException", "[" + d + "] out of [long] range");
            }
            return d.longValue();
        }
        if (v instanceof BigInteger b) {
            if (b.bitLength() > 63) {
                throw new EvaluationFailure("org.elasticsearch.xpack.esql.core.InvalidArgumentException", "[" + b + "] out of [long] range");
            }
            return b.longValue();
        }
        String s = str(v).trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                return toLong(Double.parseDouble(s));
            } catch (NumberFormatException e2) {
                throw new EvaluationFailure("org.elasticsearch.xpack.esql.core.InvalidArgumentException", "Cannot parse number [" + s + "]");
            }
        }
    }

    // ---- dates

    private void dates() {
        raw("NOW", 0, 0, fixed(DataType.DATETIME), (a, t, c) -> c.nowMillis());
        strict("DATE_TRUNC", 2, 2, fixed(DataType.DATETIME), (a, t, c) -> DateMath.truncate(a.get(0), (Long) a.get(1)));
        strict("DATE_DIFF", 3, 3, fixed(DataType.INTEGER), (a, t, c) -> DateMath.diff(str(a.get(0)), (Long) a.get(1), (Long) a.get(2)));
        strict("DATE_EXTRACT", 2, 2, fixed(DataType.LONG), (a, t, c) -> {
            ChronoField field;
            try {
                field = ChronoField.valueOf(str(a.get(0)).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw EvaluationFailure.illegalArgument("No enum constant java.time.temporal.ChronoField." + a.get(0));
            }
            return ZonedDateTime.ofInstant(Instant.ofEpochMilli((Long) a.get(1)), ZoneOffset.UTC).getLong(field);
        });
        strict("DATE_FORMAT", 1, 2, fixed(DataType.KEYWORD), (a, t, c) -> {
            long millis = (Long) a.get(a.size() - 1);
            if (a.size() == 1) {
                return Values.formatDate(millis);
            }
            try {
                return DateTimeFormatter.ofPattern(str(a.get(0)), Locale.ROOT).withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(millis));
            } catch (IllegalArgumentException e) {
                throw EvaluationFailure.illegalArgument(e.getMessage());
            }
        });
        strict("DATE_PARSE", 1, 2, fixed(DataType.DATETIME), (a, t, c) -> {
            String text = str(a.get(a.size() - 1));
            if (a.size() == 1) {
                return Values.parseDate(text).orElseThrow(() -> EvaluationFailure.illegalArgument(
                        "failed to parse date field [" + text + "] with format [strict_date_optional_time]"));
            }
            try {
                return DateMath.parse(str(a.get(0)), text);
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw EvaluationFailure.illegalArgument("failed to parse date field [" + text + "] with format [" + a.get(0) + "]");
            }
        });
    }

    // ---- numbers

    private void numbers() {
        strict("ABS", 1, 1, sameAs(0), (a, t, c) -> {
            Object v = a.get(0);
            if (v instanceof Integer i) {
                return Math.abs(i);
            }
            if (v instanceof Long l) {
                return Math.abs(l);
            }
            if (v instanceof Double d) {
                return Math.abs(d);
            }
            return v;
        });
        strict("ROUND", 1, 2, sameAs(0), (a, t, c) -> {
            Object v = a.get(0);
            long decimals = a.size() > 1 ? ((Number) a.get(1)).longValue() : 0;
            if (v instanceof Double d) {
                if (d.isNaN() || d.isInfinite()) {
                    return d;
                }
                return new BigDecimal(Double.toString(d)).setScale((int) Math.max(-400, Math.min(400, decimals)), RoundingMode.HALF_UP).doubleValue();
            }
            if (decimals >= 0) {
                return v;
            }
            BigDecimal rounded = new BigDecimal(v.toString()).setScale((int) decimals, RoundingMode.HALF_UP);
            return v instanceof Integer ? (Object) rounded.intValue() : (Object) rounded.longValue();
        });
        strict("POW", 2, 2, fixed(DataType.DOUBLE), (a, t, c) -> Math.pow(((Number) a.get(0)).doubleValue(), ((Number) a.get(1)).doubleValue()));
        strict("FLOOR", 1, 1, sameAs(0), (a, t, c) -> a.get(0) instanceof Double d ? Math.floor(d) : a.get(0));
        strict("CEIL", 1, 1, sameAs(0), (a, t, c) -> a.get(0) instanceof Double d ? Math.ceil(d) : a.get(0));
    }

    // ---- conditionals

    private void conditionals() {
        // CASE(cond, value, …[, else]); a multi-valued condition is false with a warning (as in 8.15+)
        raw("CASE", 2, Integer.MAX_VALUE, types -> {
            DataType found = DataType.NULL;
            for (int i = 1; i < types.size(); i += 2) {
                found = found == DataType.NULL ? types.get(i) : found;
            }
            if (types.size() % 2 == 1 && found == DataType.NULL) {
                found = types.get(types.size() - 1);
            }
            return found;
        }, (a, t, c) -> {
            for (int i = 0; i + 1 < a.size(); i += 2) {
                Object cond = a.get(i);
                if (cond instanceof List<?>) {
                    continue;
                }
                if (Boolean.TRUE.equals(cond)) {
                    return a.get(i + 1);
                }
            }
            return a.size() % 2 == 1 ? a.get(a.size() - 1) : null;
        });
        raw("COALESCE", 1, Integer.MAX_VALUE, types -> types.stream().filter(x -> x != DataType.NULL).findFirst().orElse(DataType.NULL),
                (a, t, c) -> a.stream().filter(v -> v != null).findFirst().orElse(null));
        strict("GREATEST", 1, Integer.MAX_VALUE, sameAs(0), (a, t, c) -> a.stream().max(Values::compare).orElse(null));
        strict("LEAST", 1, Integer.MAX_VALUE, sameAs(0), (a, t, c) -> a.stream().min(Values::compare).orElse(null));
    }

    // ---- ip, geo

    private void others() {
        raw("CIDR_MATCH", 2, Integer.MAX_VALUE, fixed(DataType.BOOLEAN), (a, t, c) -> {
            Object ip = a.get(0);
            if (ip == null) {
                return null;
            }
            if (ip instanceof List<?>) {
                throw EvaluationFailure.multiValue();
            }
            for (int i = 1; i < a.size(); i++) {
                for (Object block : Values.list(a.get(i))) {
                    if (((IpValue) ip).inCidr(block.toString())) {
                        return true;
                    }
                }
            }
            return false;
        });
        strict("ST_DISTANCE", 2, 2, fixed(DataType.DOUBLE), (a, t, c) -> ((GeoPoint) a.get(0)).distanceMeters((GeoPoint) a.get(1)));
    }

    /** A BigInteger helper for unsigned_long arithmetic in {@link Arithmetic}. */
    static BigInteger unsigned(Object v) {
        return v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
    }
}
