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
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
     * The default {@code format} of a date field mapping (and of a field dynamic mapping detects as an ISO date); a
     * field detected by the second dynamic format ({@code 2015/09/02}) has its own ({@link #detectedDateFormats}).
     * {@code @timestamp >= "2024/01/01"} fails in Elasticsearch 8.19.21 ("failed to parse date field").
     */
    public static final List<String> DEFAULT_FORMATS = List.of("strict_date_optional_time", "epoch_millis");

    /** The format of a date field dynamic mapping detects by its second dynamic format ({@code 2024/01/01}). */
    public static final String SLASHED_DYNAMIC_FORMAT = "yyyy/MM/dd HH:mm:ss||yyyy/MM/dd||epoch_millis";

    /**
     * The strict ISO forms. The year is Elasticsearch's {@code appendValue(YEAR, 4, 4, SignStyle.EXCEEDS_PAD)} in
     * {@code DateFormatters}: four digits, a minus sign allowed, a plus sign only past the pad width, which four of four
     * digits never are ({@code "+2024-01-01"} refused, {@code "-2024-01-01"} indexed on 8.19.21).
     */
    private static final Pattern STRICT_ISO = Pattern.compile(
            "(-?\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2})(?::(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
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
        return detectedDateFormats(text).isPresent();
    }

    /**
     * The formats of the date field dynamic mapping makes of an unmapped string, when it detects one: {@link #DEFAULT}
     * for a {@code strict_date_optional_time} text, and for one of the second dynamic format ({@code 2024/01/01})
     * Elasticsearch's {@code yyyy/MM/dd HH:mm:ss||yyyy/MM/dd||epoch_millis} — so a query on it with an ISO date fails
     * there ("failed to parse date field [2023-01-01] with format [yyyy/MM/dd HH:mm:ss||yyyy/MM/dd||epoch_millis]",
     * seen on 8.19.21 by a black-box probe) and {@code "2024"} is epoch milliseconds. Empty for any other text.
     */
    public static Optional<Formats> detectedDateFormats(String text) {
        if (isLong(text)) {
            return Optional.empty();
        }
        if (STRICT_ISO.matcher(text).matches() && parseIso(text, STRICT_ISO, ZoneOffset.UTC).isPresent()) {
            return Optional.of(DEFAULT);
        }
        if (SLASHED.matcher(text).matches() && parseIso(text, SLASHED, ZoneOffset.UTC).isPresent()) {
            return Optional.of(DynamicSlashed.FORMATS);
        }
        return Optional.empty();
    }

    /** The mapping of a field detected by the second dynamic format, compiled on first use. */
    private static final class DynamicSlashed {
        static final Formats FORMATS = compile(formats(SLASHED_DYNAMIC_FORMAT));
    }

    private static boolean isLong(String text) {
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * A document's value for a date field of the default format, as the alert model and replay read it: a string in
     * {@link #DEFAULT_FORMATS}, or a whole JSON number as epoch milliseconds; empty for anything else. A JSON number
     * with a fraction is no date here: Elasticsearch reads the number's text as written (which a parsed double no
     * longer has), and the query evaluator does not model it either.
     */
    public static Optional<DateSpan> parseDocumentValue(com.fasterxml.jackson.databind.JsonNode value) {
        if (value.isTextual()) {
            return parseDocument(value.textValue(), DEFAULT, ZoneOffset.UTC);
        }
        if (value.isIntegralNumber()) {
            return parseEpoch(value.asText(), 3);
        }
        return Optional.empty();
    }

    /**
     * Date formats read once — a mapping's or a query's, split at {@code ||} — with each Java pattern compiled, and its
     * round-up parser with it: a field read for every event does not build its formatters again.
     */
    public static final class Formats {
        private final List<String> names;
        /** Per format, a Java pattern's parser and round-up parser; null for a built-in name. */
        private final List<DateTimeFormatter[]> patterns;

        private Formats(List<String> names, List<DateTimeFormatter[]> patterns) {
            this.names = names;
            this.patterns = patterns;
        }

        /** The formats as written, trimmed. */
        public List<String> names() {
            return names;
        }
    }

    /** {@code formats} compiled; a Java pattern Elasticsearch refuses is {@code Invalid format} here. */
    public static Formats compile(List<String> formats) {
        List<String> names = new ArrayList<>(formats.size());
        List<DateTimeFormatter[]> patterns = new ArrayList<>(formats.size());
        for (String written : formats) {
            String name = written.trim();
            names.add(name);
            boolean builtIn = builtInName(name).isPresent() || name.equals(DYNAMIC_SLASHED);
            patterns.add(builtIn ? null : compilePattern(name));
        }
        return new Formats(List.copyOf(names), java.util.Collections.unmodifiableList(patterns));
    }

    private static DateTimeFormatter[] compilePattern(String format) {
        try {
            DateTimeFormatter parser = patternFormatter(format);
            return new DateTimeFormatter[] {parser, roundUpFormatter(parser)};
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid format: [" + format + "]");
        }
    }

    /** Parses a date without date math; empty when no format accepts it. */
    public static Optional<DateSpan> parse(String text, List<String> formats, ZoneId zone) {
        return parse(text, compile(formats), zone);
    }

    /** As {@link #parse(String, List, ZoneId)}, with formats compiled once. */
    public static Optional<DateSpan> parse(String text, Formats formats, ZoneId zone) {
        return parseAsWritten(text.trim(), formats, zone);
    }

    /**
     * A document's date as Elasticsearch indexes it: the text as written, not trimmed (its parsers do not trim) ({@code " 2024-01-01"},
     * {@code "2024-01-01 "} and {@code " 1704067200000"} are refused by 8.19.21, as are {@code ""} and {@code " "}, which
     * no format reads; a date field has no empty-string-as-null as the numeric fields have).
     */
    public static Optional<DateSpan> parseDocument(String text, Formats formats, ZoneId zone) {
        return parseAsWritten(text, formats, zone);
    }

    private static Optional<DateSpan> parseAsWritten(String text, Formats formats, ZoneId zone) {
        for (int i = 0; i < formats.names.size(); i++) {
            DateTimeFormatter[] pattern = formats.patterns.get(i);
            Optional<DateSpan> span = pattern == null ? parseWith(text, formats.names.get(i), zone)
                    : parsePattern(text, pattern, zone);
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
        return resolve(expression, compile(formats), zone, roundUp, now);
    }

    /** As {@link #resolve(String, List, ZoneId, boolean, Instant)}, with formats compiled once. */
    public static Instant resolve(String expression, Formats formats, ZoneId zone, boolean roundUp, Instant now) {
        String text = expression.trim();
        Instant anchor;
        String math;
        if (text.startsWith("now")) {
            anchor = now;
            math = text.substring(3);
        } else {
            int bars = text.indexOf("||");
            if (bars < 0) {
                DateSpan span = parse(text, formats, zone).orElseThrow(() -> unparseable(text, formats.names()));
                return roundUp ? span.latest() : span.earliest();
            }
            String date = text.substring(0, bars);
            anchor = parse(date, formats, zone).orElseThrow(() -> unparseable(date, formats.names())).earliest();
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
        } catch (NotModelledException e) {
            return true; // a format ruleforge does not read: not known to be refused
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

    private static Optional<DateSpan> parseWith(String text, String written, ZoneId zone) {
        Optional<String> builtIn = builtInName(written);
        if (builtIn.isPresent() && !NAMED_FORMATS.containsKey(builtIn.get())) {
            throw new NotModelledException("the date format \"" + written + "\" is one ruleforge does not read; its"
                    + " formats are the Java patterns, epoch_millis, epoch_second and the ISO ones such as strict_date_optional_time");
        }
        String format = builtIn.orElse(written);
        NamedFormat named = NAMED_FORMATS.get(format);
        return named != null ? named.read(text, zone) : parsePattern(text, compilePattern(format), zone);
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
        // without a fraction the round-up parser (an lte bound, a term) fills the rest of the unit: epoch_second to
        // .999999999, epoch_millis to .000999999 — which a date_nanos field holds (checked on Elasticsearch 8.19)
        Instant latest = text.contains(".") ? instant : instant.plusNanos(scale == 0 ? 999_999_999 : 999_999);
        return Optional.of(new DateSpan(instant, latest));
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
            // The round-up reading (an lte or gt bound, a term) is Elasticsearch's round-up parser's: the time fields
            // left out at their largest, the date fields left out at their first, as for a Java pattern (see
            // parsePattern) — "2024-05" rounds up to 1 May 23:59:59.999999999, not to the end of May (a black-box
            // probe against Elasticsearch 8.19.21 found `@timestamp <= "2024-05"` missing 15 May there, and
            // `@timestamp:2024` matching 1 January only).
            ChronoUnit precision = m.group(4) == null ? ChronoUnit.DAYS
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

    /**
     * A Java pattern as Elasticsearch reads it ({@code DateFormatters.forPattern}, then {@code DateFormatters.from}):
     * strict resolution ({@code 2024-02-30} is no date), and what the pattern leaves out filled in — no zone is UTC
     * (or the query's {@code time_zone}), no year 1970, no month or day the first, no time midnight. The span's end is
     * what Elasticsearch's round-up parser reads for an {@code lte} bound or a term ({@code JavaDateFormatter}'s
     * default round-up): the time fields the text leaves out at their largest ({@code 23:59:59.999999999}), the date
     * fields still at their first ({@code 2024-01} rounds up to 1 January, 23:59:59.999).
     */
    private static Optional<DateSpan> parsePattern(String text, DateTimeFormatter[] pattern, ZoneId zone) {
        Optional<ZonedDateTime> earliest = fromPattern(pattern[0], text, zone);
        if (earliest.isEmpty()) {
            return Optional.empty();
        }
        // a round-up the pattern's fields conflict with (a 12-hour clock and the default hour 23) keeps the earliest
        ZonedDateTime latest = fromPattern(pattern[1], text, zone).orElse(earliest.get());
        return Optional.of(new DateSpan(earliest.get().toInstant(), latest.toInstant()));
    }

    private static DateTimeFormatter roundUpFormatter(DateTimeFormatter formatter) {
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().append(formatter);
        String described = formatter.toString();
        if (described.contains(ChronoField.DAY_OF_YEAR.toString())) {
            builder.parseDefaulting(ChronoField.DAY_OF_YEAR, 1);
        } else if (!described.contains(IsoFields.WEEK_BASED_YEAR.toString())) {
            builder.parseDefaulting(ChronoField.MONTH_OF_YEAR, 1).parseDefaulting(ChronoField.DAY_OF_MONTH, 1);
        }
        return builder.parseDefaulting(ChronoField.HOUR_OF_DAY, 23).parseDefaulting(ChronoField.MINUTE_OF_HOUR, 59)
                .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 59).parseDefaulting(ChronoField.NANO_OF_SECOND, 999_999_999)
                .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }

    /** {@code DateFormatters.from}: the instant a parse denotes, or empty when the text or its date is none. */
    private static Optional<ZonedDateTime> fromPattern(DateTimeFormatter formatter, String text, ZoneId zone) {
        TemporalAccessor parsed;
        try {
            parsed = formatter.parse(text);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        try {
            ZoneId effective = Optional.ofNullable(parsed.query(TemporalQueries.zone())).orElse(zone);
            LocalDate date = dateOf(parsed);
            LocalTime time = parsed.query(TemporalQueries.localTime());
            if (date == null && time == null && parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
                return Optional.of(Instant.from(parsed).atZone(effective));
            }
            LocalDate day = date != null ? date : firstDayOf(parsed);
            return Optional.of(LocalDateTime.of(day, time != null ? time : LocalTime.MIDNIGHT).atZone(effective));
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Whether Elasticsearch takes {@code format} (a date mapping's or a range query's); the reason it refuses it. */
    public static Optional<String> formatProblem(String format) {
        for (String part : format.split("\\|\\|", -1)) {
            String name = part.strip();
            if (name.isEmpty()) {
                return Optional.of("an empty format beside \"||\"");
            }
            if (builtInName(name).isEmpty() && !name.equals(DYNAMIC_SLASHED)) {
                try {
                    patternFormatter(name);
                } catch (IllegalArgumentException e) {
                    return Optional.of("\"" + name + "\" is neither a built-in date format nor a Java date pattern: "
                            + e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    /** No cache: a caller that reads a pattern often keeps its {@link Formats}; a cache would be JVM-wide state. */
    private static DateTimeFormatter patternFormatter(String format) {
        return new DateTimeFormatterBuilder().appendPattern(format).toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }

    /** How a named format reads a value: its span, or empty when the text is not one of its dates. */
    private interface NamedFormat {
        Optional<DateSpan> read(String text, ZoneId zone);
    }

    /**
     * The named formats {@link #parseWith} reads itself (by their snake_case names, and the dynamic mapping's slashed
     * pattern); every other built-in name is not modelled.
     */
    private static final Map<String, NamedFormat> NAMED_FORMATS = namedFormats();

    private static Map<String, NamedFormat> namedFormats() {
        Map<String, NamedFormat> formats = new java.util.HashMap<>();
        for (String strict : List.of("strict_date_optional_time", "strict_date_optional_time_nanos", "strict_date",
                "strict_date_time", "strict_date_time_no_millis", "strict_date_hour_minute_second")) {
            formats.put(strict, (text, zone) -> parseIso(text, STRICT_ISO, zone));
        }
        for (String lenient : List.of("date_optional_time", "date", "date_time", "date_time_no_millis")) {
            formats.put(lenient, (text, zone) -> parseIso(text, LENIENT_ISO, zone));
        }
        formats.put(DYNAMIC_SLASHED, (text, zone) -> parseIso(text, SLASHED, zone));
        formats.put("epoch_millis", (text, zone) -> parseEpoch(text, 3));
        formats.put("epoch_second", (text, zone) -> parseEpoch(text, 0));
        return Map.copyOf(formats);
    }

    /** Every built-in format name of Elasticsearch's {@code DateFormatters.forPattern}, in snake_case. */
    private static final java.util.Set<String> BUILT_IN_FORMATS = java.util.Set.of("iso8601", "basic_date",
            "basic_date_time", "basic_date_time_no_millis", "basic_ordinal_date", "basic_ordinal_date_time",
            "basic_ordinal_date_time_no_millis", "basic_time", "basic_time_no_millis", "basic_t_time",
            "basic_t_time_no_millis", "basic_week_date", "basic_week_date_time", "basic_week_date_time_no_millis", "date",
            "date_hour", "date_hour_minute", "date_hour_minute_second", "date_hour_minute_second_fraction",
            "date_hour_minute_second_millis", "date_optional_time", "date_time", "date_time_no_millis", "hour",
            "hour_minute", "hour_minute_second", "hour_minute_second_fraction", "hour_minute_second_millis",
            "ordinal_date", "ordinal_date_time", "ordinal_date_time_no_millis", "time", "time_no_millis", "t_time",
            "t_time_no_millis", "week_date", "week_date_time", "week_date_time_no_millis", "week_year", "weekyear_week",
            "weekyear_week_day", "year", "year_month", "year_month_day", "epoch_second", "epoch_millis",
            "strict_basic_week_date", "strict_basic_week_date_time", "strict_basic_week_date_time_no_millis",
            "strict_date", "strict_date_hour", "strict_date_hour_minute", "strict_date_hour_minute_second",
            "strict_date_hour_minute_second_fraction", "strict_date_hour_minute_second_millis",
            "strict_date_optional_time", "strict_date_optional_time_nanos", "strict_date_time",
            "strict_date_time_no_millis", "strict_hour", "strict_hour_minute", "strict_hour_minute_second",
            "strict_hour_minute_second_fraction", "strict_hour_minute_second_millis", "strict_ordinal_date",
            "strict_ordinal_date_time", "strict_ordinal_date_time_no_millis", "strict_time", "strict_time_no_millis",
            "strict_t_time", "strict_t_time_no_millis", "strict_week_date", "strict_week_date_time",
            "strict_week_date_time_no_millis", "strict_weekyear", "strict_weekyear_week", "strict_weekyear_week_day",
            "strict_year", "strict_year_month", "strict_year_month_day");

    /**
     * A built-in format's snake_case name for either spelling Elasticsearch takes ({@code strictDateOptionalTime} is
     * {@code strict_date_optional_time}; {@code weekyear} is {@code week_year}); empty for a pattern.
     */
    private static Optional<String> builtInName(String name) {
        if (BUILT_IN_FORMATS.contains(name)) {
            return Optional.of(name);
        }
        if (name.equals("weekyear")) {
            return Optional.of("week_year");
        }
        StringBuilder snake = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                snake.append('_').append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return Optional.of(snake.toString()).filter(s -> !s.equals(name) && BUILT_IN_FORMATS.contains(s));
    }

    /** The date a parse gives, as {@code DateFormatters.from} reads it (a year of era counts as the year). */
    private static LocalDate dateOf(TemporalAccessor parsed) {
        if (parsed.isSupported(ChronoField.EPOCH_DAY)) {
            return LocalDate.ofEpochDay(parsed.getLong(ChronoField.EPOCH_DAY));
        }
        if (!parsed.isSupported(ChronoField.YEAR) && !parsed.isSupported(ChronoField.YEAR_OF_ERA)) {
            return null;
        }
        if (parsed.isSupported(ChronoField.MONTH_OF_YEAR) && parsed.isSupported(ChronoField.DAY_OF_MONTH)) {
            return LocalDate.of(yearOf(parsed), parsed.get(ChronoField.MONTH_OF_YEAR), parsed.get(ChronoField.DAY_OF_MONTH));
        }
        return parsed.isSupported(ChronoField.DAY_OF_YEAR) ? LocalDate.ofYearDay(yearOf(parsed), parsed.get(ChronoField.DAY_OF_YEAR))
                : null;
    }

    /** A partial date's first day: a missing year is 1970, a missing month January, a missing day the first. */
    private static LocalDate firstDayOf(TemporalAccessor parsed) {
        return LocalDate.of(yearOf(parsed), field(parsed, ChronoField.MONTH_OF_YEAR, 1), field(parsed, ChronoField.DAY_OF_MONTH, 1));
    }

    private static int yearOf(TemporalAccessor parsed) {
        return parsed.isSupported(ChronoField.YEAR) ? parsed.get(ChronoField.YEAR) : field(parsed, ChronoField.YEAR_OF_ERA, 1970);
    }

    private static int field(TemporalAccessor parsed, ChronoField field, int missing) {
        return parsed.isSupported(field) ? parsed.get(field) : missing;
    }

    /** The default formats, compiled (last: compiling reads the tables of built-in names above). */
    public static final Formats DEFAULT = compile(DEFAULT_FORMATS);
}
