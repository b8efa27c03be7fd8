package io.ruleforge.replay;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code replay.md}: the noisiest rules first, one table row each with a per-day sparkline over the replayed days
 * (the same days for every rule, so rows compare), then per rule with alerts its top values and sample alerts.
 */
public final class ReplayMarkdown {

    /** Days shown in a sparkline; longer replays show their last days. */
    static final int MAX_DAYS = 60;
    private static final int SAMPLE_CHARS = 400;

    private ReplayMarkdown() {
    }

    /** Which events each rule decided: those of the indices its patterns match, and those of no known index. */
    private static void indices(ReplayResult.Indices indices, StringBuilder md) {
        if (indices.known() == 0) {
            md.append("No event names its index (a saved search response's `_index`, an event's `data_stream.*`, or `--index`):"
                    + " every rule decided every event, whatever its `index` patterns.\n\n");
            return;
        }
        md.append(String.format("%,d event%s of a known index (`_index`, `data_stream.*` or `--index`), each decided only by the"
                        + " rules whose `index` patterns (an ES|QL rule's `FROM`) match it, as Kibana searches",
                indices.known(), indices.known() == 1 ? "" : "s"));
        md.append(indices.unknown() == 0 ? ".\n\n" : String.format("; %,d of none, decided by every rule.%n%n", indices.unknown()));
        if (indices.searchedByNone() > 0) {
            md.append(String.format("%,d event%s of an index no replayed rule searches: ", indices.searchedByNone(),
                    indices.searchedByNone() == 1 ? "" : "s"));
            md.append(indices.notSearched().entrySet().stream().map(e -> String.format("`%s` (%,d)", e.getKey(), e.getValue()))
                    .collect(java.util.stream.Collectors.joining(", ")));
            long named = indices.notSearched().values().stream().mapToLong(Long::longValue).sum();
            md.append(named < indices.searchedByNone() ? String.format(" and %,d more.%n%n", indices.searchedByNone() - named) : ".\n\n");
        }
    }

    public static String render(ReplayResult result) {
        StringBuilder md = new StringBuilder("# Replay\n\n");
        long alerting = result.rules().stream().filter(r -> r.alerts() > 0).count();
        md.append(String.format("%,d event%s from %d file%s through %d rule%s in %.1f s (%d thread%s): %d rule%s alert%s.%n%n",
                result.events(), result.events() == 1 ? "" : "s", result.files().size(), result.files().size() == 1 ? "" : "s", result.rules().size(),
                result.rules().size() == 1 ? "" : "s", result.seconds(), result.threads(), result.threads() == 1 ? "" : "s",
                alerting, alerting == 1 ? "" : "s", alerting == 1 ? "s" : ""));
        indices(result.indices(), md);
        ReplayResult.Timeline period = result.period();
        if (period.first() != null) {
            md.append("Each rule runs every `interval` from one interval after the first event (").append(period.first())
                    .append(") until its window reaches the last (").append(period.last())
                    .append("), each run searching its `from`…`to` window; alerts are what those runs write, after `max_signals` and alert suppression.\n\n");
        }
        if (period.withoutTime() > 0) {
            md.append(String.format("%,d event%s without a @timestamp (nor a rule's timestamp_override field): in no run's window, never alerted on.%n%n", period.withoutTime(),
                    period.withoutTime() == 1 ? "" : "s"));
        }
        if (period.outOfOrder() > 0) {
            md.append(String.format("%,d event%s earlier than an event before them by %s (first at %s): runs already decided did not see them; sort the events by @timestamp.%n%n",
                    period.outOfOrder(), period.outOfOrder() == 1 ? "" : "s", period.outOfOrderOn(), period.firstOutOfOrder()));
        }
        List<LocalDate> days = days(result);
        if (!days.isEmpty()) {
            md.append("Days: ").append(days.get(0)).append(" … ").append(days.get(days.size() - 1)).append(" (UTC, one character per day");
            long earlier = alertDays(result).stream().filter(d -> d.isBefore(days.get(0))).count();
            if (earlier > 0) {
                // a rule whose alerts all lie before the days shown would otherwise show a blank line and no reason
                md.append(String.format("; the last %d days only: %,d earlier day%s with alerts, from %s, are in replay.json",
                        MAX_DAYS, earlier, earlier == 1 ? "" : "s", alertDays(result).get(0)));
            }
            md.append(").\n\n");
        }
        md.append("| Rule | Alerts | Runs | Suppressed | Runs at max_signals | First | Last | Per day |\n"
                + "| --- | ---: | ---: | ---: | ---: | --- | --- | --- |\n");
        for (ReplayResult.RuleReplay r : result.rules()) {
            md.append("| ").append(cell(r.name())).append(" (`").append(r.file()).append("`) | ").append(String.format("%,d", r.alerts()))
                    .append(String.format(" | %,d | %,d | %,d", r.runs().runs(), r.runs().suppressed(), r.runs().maxSignalsHits()))
                    .append(" | ").append(orDash(r.first())).append(" | ").append(orDash(r.last())).append(" | `")
                    .append(sparkline(r.perDay(), days)).append("` |\n");
        }
        for (ReplayResult.RuleReplay r : result.rules()) {
            if (r.alerts() == 0 && r.rejected() == 0 && r.rejection() == null && r.runs().outsideWindows() == 0
                    && r.runs().lateEvents() == 0) {
                continue;
            }
            md.append("\n## ").append(cell(r.name())).append("\n\n`").append(r.file()).append("` · ").append(r.type())
                    .append(" · ").append(String.format("%,d", r.alerts())).append(" alert").append(r.alerts() == 1 ? "" : "s");
            md.append(String.format(" in %,d runs every %s", r.runs().runs(), r.runs().interval()));
            md.append("\n\n");
            if (r.runs().suppressed() > 0) {
                md.append(String.format("Alert suppression folded %,d event%s into these alerts.%n%n", r.runs().suppressed(), r.runs().suppressed() == 1 ? "" : "s"));
            }
            if (r.runs().maxSignalsHits() > 0) {
                md.append(String.format("%,d run%s reached max_signals; %,d alert%s no run wrote.%n%n", r.runs().maxSignalsHits(),
                        r.runs().maxSignalsHits() == 1 ? "" : "s", r.runs().capped(), r.runs().capped() == 1 ? "" : "s"));
            }
            if (r.runs().outsideWindows() > 0) {
                md.append(String.format("%,d matching event%s fell between windows (the look-back is shorter than the interval).%n%n",
                        r.runs().outsideWindows(), r.runs().outsideWindows() == 1 ? "" : "s"));
            }
            if (r.runs().lateEvents() > 0) {
                md.append(String.format("%,d matching event%s came too late for the runs that would have seen %s "
                                + "(the events are not in time order).%n%n", r.runs().lateEvents(),
                        r.runs().lateEvents() == 1 ? "" : "s", r.runs().lateEvents() == 1 ? "it" : "them"));
            }
            if (r.rejected() == 0 && r.rejection() != null) {
                md.append("Its runs were not decided: ").append(r.rejection()).append("\n\n");
            }
            if (r.rejected() > 0) {
                md.append("Elasticsearch would reject the query on ").append(r.rejected()).append(" event(s): ")
                        .append(r.rejection()).append("\n\n");
            }
            for (Map.Entry<String, List<ReplayResult.ValueCount>> f : r.topValues().entrySet()) {
                md.append("- `").append(f.getKey()).append("`: ").append(f.getValue().stream()
                        .map(v -> "`" + v.value().replace("`", "'") + "` (" + v.count() + ")").collect(Collectors.joining(", "))).append('\n');
            }
            if (!r.samples().isEmpty()) {
                md.append("\nSamples:\n\n");
                for (ReplayResult.Sample s : r.samples()) {
                    md.append("- ").append(orDash(s.time())).append(" at ").append(String.join(", ", s.at())).append(": `")
                            .append(abbreviate(s.events().get(s.events().size() - 1).toString()).replace("`", "'")).append("`\n");
                }
            }
        }
        if (!result.notReplayed().isEmpty()) {
            md.append("\n## Not replayed\n\n");
            result.notReplayed().forEach((file, why) -> md.append("- `").append(file).append("`: ").append(why).append('\n'));
        }
        return md.toString();
    }

    /** Every day from the first to the last alert of any rule, at most the last {@link #MAX_DAYS}. */
    static List<LocalDate> days(ReplayResult result) {
        List<LocalDate> alertDays = alertDays(result);
        if (alertDays.isEmpty()) {
            return List.of();
        }
        LocalDate first = alertDays.get(0);
        LocalDate last = alertDays.get(alertDays.size() - 1);
        LocalDate from = last.minusDays(MAX_DAYS - 1L).isAfter(first) ? last.minusDays(MAX_DAYS - 1L) : first;
        return from.datesUntil(last.plusDays(1)).toList();
    }

    /** The days on which any rule alerted, in order. */
    private static List<LocalDate> alertDays(ReplayResult result) {
        return result.rules().stream().flatMap(r -> r.perDay().keySet().stream()).distinct().map(LocalDate::parse).sorted().toList();
    }

    /** One character per day: a space for none, else a bar scaled to the rule's busiest day. */
    static String sparkline(Map<String, Long> perDay, List<LocalDate> days) {
        return Sparkline.of(perDay, days.stream().map(LocalDate::toString).toList());
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String orDash(String s) {
        return s == null ? "–" : s;
    }

    private static String abbreviate(String s) {
        return s.length() <= SAMPLE_CHARS ? s : s.substring(0, SAMPLE_CHARS - 1) + "…";
    }
}
