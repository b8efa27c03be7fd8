package io.ruleforge.replay;

import java.util.List;
import java.util.Map;

/**
 * A text sparkline: one character per time slot (a day in {@code replay.md}, a day or an hour in {@code backtest.md}),
 * a space for none, else one of eight bars scaled to the busiest slot. Shared by the reports so that their rows read
 * the same way.
 */
public final class Sparkline {

    private static final char[] BARS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {
    }

    /** @param counts per slot key, its count; @param slots the keys to draw, in order (absent keys count 0) */
    public static String of(Map<String, Long> counts, List<String> slots) {
        long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
        StringBuilder s = new StringBuilder();
        for (String slot : slots) {
            long n = counts.getOrDefault(slot, 0L);
            s.append(n <= 0 ? ' ' : BARS[(int) Math.min(BARS.length - 1, (n * BARS.length - 1) / max)]);
        }
        return s.toString();
    }
}
