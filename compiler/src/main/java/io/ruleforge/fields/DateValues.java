package io.ruleforge.fields;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as Elasticsearch's {@code date} field reads them (shared by the query verifier and the DSL evaluator): named formats ({@code strict_date_optional_time},
 * {@code epoch_millis} …, alternatives joined with {@code ||}), Java patterns, and date math
 * ({@code now-1d/d}, {@code 2024-01-01||+1M}). A date written with less precision than a millisecond denotes a
 * period ({@code 2024-01-01} is the whole day): queries round it down or up depending on the bound, as ES does.
 */
public final class DateValues {

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * An instant as JavaScript's {@code toISOString} writes it, always with milliseconds ({@code 11:54:00.000Z}), as
     * Kibana sends a rule's window bounds. Not {@link Instant#toString()}: it drops a zero fraction
     * ({@code 11:54:00Z}), and Elasticsearch rounds the missing fraction of an {@code lte} bound up to {@code .999},
     * taking in events of the next second's first 999 milliseconds.
     */
    public static String isoMillis(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    private static final String DYNAMIC_SLASHED = "yyyy/MM/dd HH:mm:ss Z||yyyy/MM/dd Z";

    /**
     * The default {@code format} of a date field mapping, plus the second default dynamic date format, which a
     * dynamically detected {@code 2015/09/02} field carries (accepted on mapped fields too: a simplification).
     */
    public static final List<String> DEFAULT_FORMATS = List.of("strict_date_optional_time", "epoch_millis", DYNAMIC_SLASHED);

    private static final Pattern STRICT_ISO = Pattern.compile(
            "([+-]?\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2})(?::(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
                    + "(Z|[+-]\\d{2}(?::?\\d{2})?)?)?)?)?");
    private static final Pattern LENIENT_ISO = Pattern.compile(
            "([+-]?\\d{1,9})(?:-(\\d{1,2})(?:-(\\d{1,2})(?:T(\\d{1,2})(?::(\\d{1,2})(?::(\\d{1,2})(?:[.,](\\d{1,9}))?)?)?"
                    + "(Z|[+-]\\d{2}(?::?\\d{2})?)?)?)?)?");
    /** The second default dynamic date format, {@code yyyy/MM/dd HH:mm:ss Z||yyyy/MM/dd Z}. */
    private static final Pattern SLASHED = Pattern.compile(
            "(\\d{4})/(\\d{2})/(\\d{2})(?: (\\d{2}):(\\d{2}):(\\d{2}))?()(?: ?(Z|[+-]\\d{4}))?");
    private static final Pattern EPOCH = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final Pattern MATH_OP = Pattern.compile("([+-])(\\d+)([yMwdhHms])|/([yMwdhHms])");

    /** The instants a date text covers, both inclusive. */
    public record DateSpan(Instant earliest, Instant latest) {
    }

    private DateValues() {
    }

    /**
     * ES dynamic date detection: would an unmapped string field holding this text be mapped as {@code date}?
     * Strings that parse as a long ({@code "2015"}, {@code "4242"}) are never tried (elastic/elasticsearch#22171).
     */
    public static boolean isDynamicDate(String text) {
        if (isLong(text)) {
            return false;
        }
        return STRICT_ISO.matcher(text).matches() && parseIso(text, STRICT_ISO, ZoneOffset.UTC).isPresent()
                || SLASHED.matcher(text).matches() && parseIso(text, SLASHED, ZoneOffset.UTC).isPresent();
    }

    private static boolean isLong(String text) {
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The format of a date field whose mapping names none, as a document's value is read ({@code date} in a mapping). */
    public static final List<String> DOCUMENT_FORMATS = List.of("strict_date_optional_time", "epoch_millis");

    /**
     * A document's value for a date field of the default format, as the alert model and replay read it: a string in
     * {@link #DOCUMENT_FORMATS}, or a whole JSON number as epoch milliseconds; empty for anything else. A JSON number
     * with a fraction is no date here: Elasticsearch reads the number's text as written (which a parsed double no
     * longer has), and the query evaluator does not model it either.
     */
    public static Optional<DateSpan> parseDocumentValue(com.fasterxml.jackson.databind.JsonNode value) {
        if (value.isTextual()) {
            return parse(value.textValue(), DOCUMENT_FORMATS, ZoneOffset.UTC);
        }
        if (value.isIntegralNumber()) {
            return parseEpoch(value.asText(), 3);
        }
        return Optional.empty();
    }

    /** Parses a date without date math; empty when no format accepts it. */
    public static Optional<DateSpan> parse(String text, List<String> formats, ZoneId zone) {
        for (String format : formats) {
            Optional<DateSpan> span = parseWith(text.trim(), format.trim(), zone);
            if (span.isPresent()) {
                return span;
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves a range bound or term value with date math. {@code roundUp} selects the last instant of the period
     * the expression denotes (used for {@code lte} and {@code gt}), otherwise the first.
     */
    public static Instant resolve(String expression, List<String> formats, ZoneId zone, boolean roundUp, Instant now) {
        String text = expression.trim();
        Instant anchor;
        String math;
        if (text.startsWith("now")) {
            anchor = now;
            math = text.substring(3);
        } else {
            int bars = text.indexOf("||");
            if (bars < 0) {
                DateSpan span = parse(text, formats, zone).orElseThrow(() -> unparseable(text, formats));
                return roundUp ? span.latest() : span.earliest();
            }
            String date = text.substring(0, bars);
            anchor = parse(date, formats, zone).orElseThrow(() -> unparseable(date, formats)).earliest();
            math = text.substring(bars + 2);
        }
        return applyMath(anchor, math, zone, roundUp, expression);
    }

    /**
     * Whether Elasticsearch accepts {@code expression} as a term or range bound on a date field of the default format
     * (a date, epoch millis, or date math such as {@code now-1d/d} or {@code 2024-01-01||+1M}); it rejects the whole
     * query otherwise ("failed to parse date field").
     */
    public static boolean isQueryable(String expression) {
        return isQueryable(expression, DEFAULT_FORMATS);
    }

    /** As {@link #isQueryable(String)}, for a query that gives its own {@code format}. */
    public static boolean isQueryable(String expression, List<String> formats) {
        try {
            resolve(expression, formats, ZoneOffset.UTC, false, Instant.EPOCH);
            return true;
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            return false;
        }
    }

    public static List<String> formats(String formatParameter) {
        return List.of(formatParameter.split("\\|\\|"));
    }

    private static IllegalArgumentException unparseable(String text, List<String> formats) {
        return new IllegalArgumentException("failed to parse date field [" + text + "] with format [" + String.join("||", formats) + "]");
    }

    private static Instant applyMath(Instant anchor, String math, ZoneId zone, boolean roundUp, String expression) {
        ZonedDateTime t = anchor.atZone(zone);
        Matcher m = MATH_OP.matcher(math);
        int pos = 0;
        while (pos < math.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("operation [" + math.substring(pos) + "] is not supported in date math [" + expression + "]");
            }
            if (m.group(4) != null) {
                ChronoUnit unit = unit(m.group(4));
                t = truncate(t, unit);
                if (roundUp) {
                    t = t.plus(1, unit).minus(1, ChronoUnit.MILLIS);
                }
            } else {
                long amount = Long.parseLong(m.group(2)) * (m.group(1).equals("-") ? -1 : 1);
                t = t.plus(amount, unit(m.group(3)));
            }
            pos = m.end();
        }
        return t.toInstant();
    }

    private static ChronoUnit unit(String u) {
        return switch (u) {
            case "y" -> ChronoUnit.YEARS;
            case "M" -> ChronoUnit.MONTHS;
            case "w" -> ChronoUnit.WEEKS;
            case "d" -> ChronoUnit.DAYS;
            case "h", "H" -> ChronoUnit.HOURS;
            case "m" -> ChronoUnit.MINUTES;
            default -> ChronoUnit.SECONDS;
        };
    }

    private static ZonedDateTime truncate(ZonedDateTime t, ChronoUnit unit) {
        return switch (unit) {
            case YEARS -> t.with(TemporalAdjusters.firstDayOfYear()).truncatedTo(ChronoUnit.DAYS);
            case MONTHS -> t.with(TemporalAdjusters.firstDayOfMonth()).truncatedTo(ChronoUnit.DAYS);
            case WEEKS -> t.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).truncatedTo(ChronoUnit.DAYS);
            default -> t.truncatedTo(unit);
        };
    }

    private static Optional<DateSpan> parseWith(String text, String format, ZoneId zone) {
        switch (format) {
            case "strict_date_optional_time", "strict_date_optional_time_nanos", "strict_date", "strict_date_time",
                    "strict_date_time_no_millis", "strict_date_hour_minute_second" -> {
                return parseIso(text, STRICT_ISO, zone);
            }
            case "date_optional_time", "date", "date_time", "date_time_no_millis" -> {
                return parseIso(text, LENIENT_ISO, zone);
            }
            case DYNAMIC_SLASHED -> {
                return parseIso(text, SLASHED, zone);
            }
            case "epoch_millis" -> {
                return parseEpoch(text, 3);
            }
            case "epoch_second" -> {
                return parseEpoch(text, 0);
            }
            default -> {
                return parsePattern(text, format, zone);
            }
        }
    }

    private static Optional<DateSpan> parseEpoch(String text, int scale) {
        if (!EPOCH.matcher(text).matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(text);
        BigDecimal millis = number.movePointRight(3 - scale).setScale(0, RoundingMode.FLOOR);
        if (millis.compareTo(LONG_MIN) < 0 || millis.compareTo(LONG_MAX) > 0) {
            return Optional.empty(); // Elasticsearch keeps a date as epoch milliseconds in a long: it refuses the rest
        }
        BigDecimal nanos = number.movePointRight(9 - scale).setScale(0, RoundingMode.FLOOR);
        BigDecimal[] split = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
        long seconds = split[0].longValue();
        long rest = split[1].longValue();
        if (rest < 0) {
            seconds--;
            rest += 1_000_000_000L;
        }
        Instant instant = Instant.ofEpochSecond(seconds, rest);
        return Optional.of(new DateSpan(instant, instant));
    }

    private static Optional<DateSpan> parseIso(String text, Pattern pattern, ZoneId zone) {
        Matcher m = pattern.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            int year = Integer.parseInt(m.group(1));
            int month = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
            int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            String fraction = m.group(7);
            int nano = fraction == null || fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
            ZoneId effective = m.group(8) == null ? zone : ZoneOffset.of(normalizeOffset(m.group(8)));
            LocalDateTime local = LocalDateTime.of(LocalDate.of(year, month, day), LocalTime.of(hour, minute, second, nano));
            Instant earliest = local.atZone(effective).toInstant();
            // The unit of the last field written decides the period the text covers.
            ChronoUnit precision = m.group(2) == null ? ChronoUnit.YEARS
                    : m.group(3) == null ? ChronoUnit.MONTHS
                    : m.group(4) == null ? ChronoUnit.DAYS
                    : m.group(5) == null ? ChronoUnit.HOURS
                    : m.group(6) == null ? ChronoUnit.MINUTES
                    : fraction == null || fraction.isEmpty() ? ChronoUnit.SECONDS : ChronoUnit.NANOS;
            Instant latest = precision == ChronoUnit.NANOS ? earliest
                    : local.atZone(effective).plus(1, precision).toInstant().minusNanos(1);
            return Optional.of(new DateSpan(earliest, latest));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String normalizeOffset(String offset) {
        if (offset.equals("Z") || offset.length() == 3 || offset.contains(":")) {
            return offset;
        }
        return offset.substring(0, 3) + ":" + offset.substring(3);
    }

    private static Optional<DateSpan> parsePattern(String text, String format, ZoneId zone) {
        DateTimeFormatter formatter;
        try {
            formatter = DateTimeFormatter.ofPattern(format, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid format: [" + format + "]");
        }
        try {
            var parsed = formatter.parseBest(text, ZonedDateTime::from, LocalDateTime::from, LocalDate::from);
            if (parsed instanceof ZonedDateTime z) {
                return Optional.of(new DateSpan(z.toInstant(), z.toInstant()));
            }
            if (parsed instanceof LocalDateTime l) {
                Instant i = l.atZone(zone).toInstant();
                return Optional.of(new DateSpan(i, i));
            }
            LocalDate d = (LocalDate) parsed;
            return Optional.of(new DateSpan(d.atStartOfDay(zone).toInstant(),
                    d.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
