package io.ruleforge.eql;

import io.ruleforge.ql.SourceSpan;

import java.util.concurrent.TimeUnit;

/**
 * {@code with maxspan=N unit}.
 *
 * @param amount a positive integer
 * @param unit   as written: {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}
 */
public record Maxspan(long amount, String unit, SourceSpan span) {

    /**
     * The window in milliseconds, {@link Long#MAX_VALUE} (no limit) when it is longer than that: Elasticsearch
     * takes the amount as a {@code TimeValue}, whose milliseconds saturate the same way, so
     * {@code maxspan=106751991168d} is a valid query that bounds nothing, not an overflow.
     */
    public long millis() {
        TimeUnit timeUnit = switch (unit) {
            case "ms" -> TimeUnit.MILLISECONDS;
            case "s" -> TimeUnit.SECONDS;
            case "m" -> TimeUnit.MINUTES;
            case "h" -> TimeUnit.HOURS;
            case "d" -> TimeUnit.DAYS;
            default -> throw new IllegalStateException("the parser admits no unit " + unit);
        };
        return timeUnit.toMillis(amount);
    }
}
