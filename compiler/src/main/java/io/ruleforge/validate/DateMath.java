package io.ruleforge.validate;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Elasticsearch date math anchored at now, as rules use it ({@code now-6m}, {@code now-1d/d}), reduced to how far
 * from now it points.
 *
 * @param secondsFromNow the signed offset from now (negative: in the past)
 * @param exact          false when rounding ({@code /d}) or calendar units (months, years) make the offset vary
 */
record DateMath(long secondsFromNow, boolean exact) {

    private static final Pattern WHOLE = Pattern.compile("^now((?:[+-][0-9]{1,9}[yMwdhHms])*)(/[yMwdhHms])?$");
    private static final Pattern TERM = Pattern.compile("([+-])([0-9]{1,9})([yMwdhHms])");

    static Optional<DateMath> parse(String text) {
        Matcher whole = WHOLE.matcher(text);
        if (!whole.matches()) {
            return Optional.empty();
        }
        long seconds = 0;
        boolean exact = whole.group(2) == null;
        Matcher term = TERM.matcher(whole.group(1));
        while (term.find()) {
            long n = Long.parseLong(term.group(2));
            char unit = term.group(3).charAt(0);
            exact &= unit != 'y' && unit != 'M';
            seconds += ("-".equals(term.group(1)) ? -1 : 1) * n * unitSeconds(unit);
        }
        return Optional.of(new DateMath(seconds, exact));
    }

    /** A rule schedule's duration ({@code 5m}) in seconds, or empty when it is not one. */
    static Optional<Long> durationSeconds(String text) {
        return io.ruleforge.rule.RuleInterval.parse(text).map(java.time.Duration::toSeconds);
    }

    /** {@code 3900} → {@code 65m}: the largest unit that divides the seconds. */
    static String format(long seconds) {
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static long unitSeconds(char unit) {
        return switch (unit) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h', 'H' -> 3_600;
            case 'd' -> 86_400;
            case 'w' -> 7 * 86_400;
            case 'M' -> 30 * 86_400;
            case 'y' -> 365 * 86_400;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }
}
