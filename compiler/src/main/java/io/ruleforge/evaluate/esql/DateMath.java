package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAdjusters;
import java.time.temporal.TemporalQueries;
import java.util.Locale;

/** DATE_TRUNC, DATE_DIFF and DATE_PARSE in UTC, with Elasticsearch's unit names. */
final class DateMath {

    private DateMath() {
    }

    /**
     * DATE_TRUNC(interval, date): a single calendar unit (1 week, 1 month, 1 quarter, 1 year) rounds to the start of
     * that unit (weeks start on Monday); a fixed duration, or a number of days, rounds down to a multiple of it
     * counted from the epoch, as Elasticsearch's rounding does.
     */
    static long truncate(Object interval, long millis) {
        ZonedDateTime t = ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
        if (interval instanceof Period p) {
            if (p.getYears() > 0 && p.getMonths() == 0 && p.getDays() == 0) {
                int step = p.getYears();
                int year = Math.floorDiv(t.getYear(), step) * step;
                return LocalDate.of(year, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (p.getMonths() > 0 && p.getYears() == 0 && p.getDays() == 0) {
                int step = p.getMonths();
                long monthIndex = Math.floorDiv((long) (t.getYear() - 1970) * 12 + t.getMonthValue() - 1, step) * step;
                return LocalDate.of(1970, 1, 1).plusMonths(monthIndex).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (p.getDays() == 7 && p.getMonths() == 0 && p.getYears() == 0) {
                return t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(ZoneOffset.UTC)
                        .toInstant().toEpochMilli();
            }
            if (p.getDays() > 0 && p.getMonths() == 0 && p.getYears() == 0) {
                return floor(millis, Duration.ofDays(p.getDays()).toMillis());
            }
            throw EvaluationFailure.illegalArgument("Time interval is not supported: " + p);
        }
        long step = ((Duration) interval).toMillis();
        if (step <= 0) {
            throw EvaluationFailure.illegalArgument("Zero or negative time interval is not supported");
        }
        return floor(millis, step);
    }

    private static long floor(long millis, long step) {
        return Math.floorDiv(millis, step) * step;
    }

    /**
     * DATE_DIFF(unit, start, end): whole units from start to end, truncated toward zero; months, quarters and years
     * are calendar differences (so from Jan 31 to Feb 28 is 0 months).
     */
    static int diff(String unit, long start, long end) {
        ZonedDateTime a = ZonedDateTime.ofInstant(Instant.ofEpochMilli(start), ZoneOffset.UTC);
        ZonedDateTime b = ZonedDateTime.ofInstant(Instant.ofEpochMilli(end), ZoneOffset.UTC);
        long value = switch (unit.toLowerCase(Locale.ROOT)) {
            case "year", "years", "yy", "yyyy" -> ChronoUnit.YEARS.between(a, b);
            case "quarter", "quarters", "qq", "q" -> ChronoUnit.MONTHS.between(a, b) / 3;
            case "month", "months", "mm", "m" -> ChronoUnit.MONTHS.between(a, b);
            case "dayofyear", "dy", "y", "day", "days", "dd", "d", "weekday", "weekdays", "dw" -> ChronoUnit.DAYS.between(a, b);
            case "week", "weeks", "wk", "ww" -> ChronoUnit.WEEKS.between(a, b);
            case "hour", "hours", "hh" -> ChronoUnit.HOURS.between(a, b);
            case "minute", "minutes", "mi", "n" -> ChronoUnit.MINUTES.between(a, b);
            case "second", "seconds", "ss", "s" -> ChronoUnit.SECONDS.between(a, b);
            case "millisecond", "milliseconds", "ms" -> ChronoUnit.MILLIS.between(a, b);
            case "microsecond", "microseconds", "mcs" -> Math.multiplyExact(end - start, 1000L);
            case "nanosecond", "nanoseconds", "ns" -> Math.multiplyExact(end - start, 1_000_000L);
            default -> throw EvaluationFailure.illegalArgument("A value of [YEAR, QUARTER, MONTH, DAYOFYEAR, DAY, WEEK, WEEKDAY, HOUR,"
                    + " MINUTE, SECOND, MILLISECOND, MICROSECOND, NANOSECOND] or their aliases is required; received [" + unit + "]");
        };
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new EvaluationFailure("org.elasticsearch.xpack.esql.core.InvalidArgumentException",
                    "[" + value + "] out of [integer] range");
        }
        return (int) value;
    }

    /** DATE_PARSE(pattern, text) with a Java date pattern; fields the pattern lacks default to the epoch's, in UTC. */
    static long parse(String pattern, String text) {
        TemporalAccessor parsed = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC).parse(text);
        LocalDate date = parsed.query(TemporalQueries.localDate());
        if (date == null) {
            date = LocalDate.of(1970, 1, 1);
        }
        java.time.LocalTime time = parsed.query(TemporalQueries.localTime());
        LocalDateTime local = date.atTime(time == null ? java.time.LocalTime.MIDNIGHT : time);
        java.time.ZoneId zone = parsed.query(TemporalQueries.zone());
        return local.atZone(zone == null ? ZoneOffset.UTC : zone).toInstant().toEpochMilli();
    }
}
