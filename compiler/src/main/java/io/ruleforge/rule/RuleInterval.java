package io.ruleforge.rule;

import java.time.Duration;
import java.util.Optional;

/**
 * A rule's {@code interval} as Kibana's task schedule takes it ({@code 5m}, {@code 30s}, {@code 1h}, {@code 1d}): one
 * reading for validation, the alert model, replay and backtest, so that no stage runs a rule on an interval another
 * refused or read otherwise.
 */
public final class RuleInterval {

    /** What Kibana runs a rule on when it names no interval. */
    public static final String DEFAULT = "5m";

    private RuleInterval() {
    }

    /** The duration {@code text} names; empty unless it is a positive whole number and a unit, written as such. */
    public static Optional<Duration> parse(String text) {
        if (text == null || !text.matches("[1-9][0-9]{0,8}[smhd]")) {
            return Optional.empty();
        }
        long value = Long.parseLong(text.substring(0, text.length() - 1));
        return Optional.of(switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(value);
            case 'm' -> Duration.ofMinutes(value);
            case 'h' -> Duration.ofHours(value);
            default -> Duration.ofDays(value);
        });
    }
}
