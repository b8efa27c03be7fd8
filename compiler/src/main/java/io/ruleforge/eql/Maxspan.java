package io.ruleforge.eql;

import java.time.Duration;

/**
 * {@code with maxspan=N unit}.
 *
 * @param amount a positive integer
 * @param unit   as written: {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}
 */
public record Maxspan(long amount, String unit, Span span) {

    public Duration duration() {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalStateException("the parser admits no unit " + unit);
        };
    }
}
