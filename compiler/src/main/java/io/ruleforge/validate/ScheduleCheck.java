package io.ruleforge.validate;

import java.util.Optional;

/**
 * When a rule runs and what it looks at: {@code interval}, {@code from}, {@code to}, {@code max_signals}. A
 * look-back ({@code to} − {@code from}) shorter than the interval leaves events between runs that no run
 * searches, so it is a warning; Kibana's defaults ({@code 5m}, {@code now-6m}, {@code now}) apply to absent keys.
 */
final class ScheduleCheck implements RuleCheck {

    static final String DEFAULT_INTERVAL = "5m";
    static final String DEFAULT_FROM = "now-6m";
    /** Kibana's default {@code xpack.alerting.rules.run.alerts.max}: more alerts per run are dropped. */
    static final int ALERTS_PER_RUN_CAP = 1000;

    @Override
    public void check(SchemaAssertions f) {
        Optional<Long> interval = interval(f);
        boolean fromOk = f.dateMath("/rule/from");
        boolean toOk = f.dateMath("/rule/to");
        if (interval.isPresent() && fromOk && toOk) {
            coverage(f, interval.get());
        }
        if (f.range("/rule/max_signals", 1, Integer.MAX_VALUE) && f.at("/rule/max_signals").asLong() > ALERTS_PER_RUN_CAP) {
            f.warning(SchemaCodes.OUT_OF_RANGE, "/rule/max_signals", "rule.max_signals must be at most " + ALERTS_PER_RUN_CAP
                            + " (Kibana's default alerts-per-run cap), found " + f.at("/rule/max_signals").asText(),
                    "lower it to " + ALERTS_PER_RUN_CAP + " or raise xpack.alerting.rules.run.alerts.max");
        }
    }

    private static Optional<Long> interval(SchemaAssertions f) {
        Optional<String> text = f.text("/rule/interval");
        if (text.isEmpty()) {
            return f.present("/rule/interval") ? Optional.empty() : DateMath.durationSeconds(DEFAULT_INTERVAL);
        }
        Optional<Long> seconds = DateMath.durationSeconds(text.get());
        if (seconds.isEmpty()) {
            f.error(SchemaCodes.BAD_DURATION, "/rule/interval", "rule.interval must be a duration such as \"5m\", found \""
                    + ValueKind.abbreviate(text.get()) + "\"", "a positive number followed by s, m, h or d");
        }
        return seconds;
    }

    private static void coverage(SchemaAssertions f, long intervalSeconds) {
        if (f.present("/rule/from") && f.text("/rule/from").isEmpty() || f.present("/rule/to") && f.text("/rule/to").isEmpty()) {
            return;
        }
        DateMath from = DateMath.parse(f.text("/rule/from").orElse(DEFAULT_FROM)).orElseThrow();
        DateMath to = DateMath.parse(f.text("/rule/to").orElse("now")).orElseThrow();
        if (!from.exact() || !to.exact()) {
            return;
        }
        long lookBack = to.secondsFromNow() - from.secondsFromNow();
        if (lookBack < intervalSeconds) {
            String at = f.present("/rule/from") ? "/rule/from" : "/rule/interval";
            String interval = DateMath.format(intervalSeconds);
            f.warning(SchemaCodes.SCHEDULE_GAP, at, "rule.from must look back at least the interval (" + interval
                            + ") or events between runs are never searched; expected now-" + interval
                            + " or earlier, found a look-back of " + (lookBack <= 0 ? "nothing" : DateMath.format(lookBack)),
                    "set from = \"now-" + DateMath.format(intervalSeconds + 60) + "\" (the interval plus a minute for late events)");
        }
    }
}
