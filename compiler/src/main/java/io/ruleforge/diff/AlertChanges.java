package io.ruleforge.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.compile.RuleCompiler;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.replay.EventFiles;
import io.ruleforge.replay.RecordedEvent;
import io.ruleforge.replay.ReplayResult;
import io.ruleforge.replay.Replayer;
import io.ruleforge.rule.Rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * PR mode's replay: for each changed rule, the alerts it gains and loses on recorded events — each version
 * replayed over the same events, alerts told apart by the event that raised them (a sequence's last event).
 */
public final class AlertChanges {

    private static final int SAMPLES = 3;

    /**
     * @param gained  alerts the head version raises and the base did not
     * @param lost    alerts the base raised and the head version does not
     * @param samples a few gained and lost alerts: {@code file:line} of the event
     */
    /** @param notReplayed why the head's version could not be replayed (its type, or its query); empty when it was */
    public record RuleAlerts(String file, long baseAlerts, long headAlerts, long gained, long lost,
                             List<String> gainedSamples, List<String> lostSamples, List<JsonNode> gainedEvents,
                             String notReplayed) {
    }

    /** What one side's replay gave: rule_id → positions of the events its alerts end on; rule file → why not replayed. */
    private record Replayed(Map<String, Set<Long>> byRule, Map<String, String> notReplayed) {
    }

    private AlertChanges() {
    }

    /** Per changed rule file (head's), in file order; rules that do not compile on a side count no alerts there. */
    public static Map<String, RuleAlerts> of(DiffReport report, BaseRuleSet baseRules, List<Rule> headRules, RuleCompiler compiler,
                                             EventFiles events, Replayer.Options options) {
        Set<String> changed = new HashSet<>();
        report.changed().forEach(c -> changed.add(c.ruleId()));
        // the base's rules with the base's exception lists
        RuleCompiler baseCompiler = baseRules.exceptions().map(compiler::withExceptionLists).orElse(compiler);
        Map<String, Set<Long>> base = alerts(compiled(baseRules.rules(), changed, baseCompiler), events, options).byRule();
        List<CompiledRule> head = compiled(headRules, changed, compiler);
        Replayed replayedHead = alerts(head, events, options);
        Map<String, Set<Long>> now = replayedHead.byRule();
        Map<Long, String> where = new HashMap<>();
        Map<Long, JsonNode> sources = new HashMap<>();
        Map<String, RuleAlerts> out = new TreeMap<>();
        Set<Long> interesting = new HashSet<>();
        for (CompiledRule rule : head) {
            String id = rule.rule().ruleId();
            Set<Long> gained = diff(now.getOrDefault(id, Set.of()), base.getOrDefault(id, Set.of()));
            Set<Long> lost = diff(base.getOrDefault(id, Set.of()), now.getOrDefault(id, Set.of()));
            gained.stream().sorted().limit(SAMPLES).forEach(interesting::add);
            lost.stream().sorted().limit(SAMPLES).forEach(interesting::add);
        }
        if (!interesting.isEmpty()) {
            events.read(e -> {
                if (interesting.contains(e.sequence())) {
                    where.put(e.sequence(), events.displayNames().get(e.file()) + ":" + e.line());
                    sources.put(e.sequence(), e.source());
                }
            }, n -> { });
        }
        for (CompiledRule rule : head) {
            String id = rule.rule().ruleId();
            Set<Long> before = base.getOrDefault(id, Set.of());
            Set<Long> after = now.getOrDefault(id, Set.of());
            List<Long> gained = diff(after, before).stream().sorted().toList();
            List<Long> lost = diff(before, after).stream().sorted().toList();
            out.put(rule.rule().displayPath(), new RuleAlerts(rule.rule().displayPath(), before.size(), after.size(), gained.size(), lost.size(),
                    // a result row has no input position to show (nor a source event): it is counted, not sampled
                    gained.stream().limit(SAMPLES).map(where::get).filter(Objects::nonNull).toList(),
                    lost.stream().limit(SAMPLES).map(where::get).filter(Objects::nonNull).toList(),
                    gained.stream().limit(SAMPLES).map(sources::get).filter(Objects::nonNull).toList(),
                    prModeReason(replayedHead.notReplayed().getOrDefault(rule.rule().displayPath(), ""), rule)));
        }
        return out;
    }

    /** The diff.md section: one row per changed rule, then sample events of the alerts gained and lost. */
    public static String markdown(Map<String, RuleAlerts> alerts) {
        StringBuilder md = new StringBuilder("\n## Alerts on the recorded events\n\n");
        if (alerts.isEmpty()) {
            return md.append("No changed rule to replay.\n").toString();
        }
        md.append("| Rule | Base | Head | Gained | Lost |\n| --- | ---: | ---: | ---: | ---: |\n");
        // a rule replay cannot decide is said so, never shown as "no change"
        alerts.values().forEach(a -> md.append("| `").append(a.file()).append("` | ").append(a.notReplayed().isEmpty()
                ? a.baseAlerts() + " | " + a.headAlerts() + " | +" + a.gained() + " | −" + a.lost()
                : "not replayed: " + a.notReplayed().replace("|", "\\|") + " | | |").append(" |\n"));
        for (RuleAlerts a : alerts.values()) {
            if (!a.gainedSamples().isEmpty() || !a.lostSamples().isEmpty()) {
                md.append("\n`").append(a.file()).append("`: gained at ").append(a.gainedSamples().isEmpty() ? "–" : String.join(", ", a.gainedSamples()))
                        .append("; lost at ").append(a.lostSamples().isEmpty() ? "–" : String.join(", ", a.lostSamples())).append('\n');
            }
        }
        return md.toString();
    }

    /** Replay's reason, as it applies to PR mode: the diff takes no threat index, so it cannot ask for one. */
    private static String prModeReason(String reason, CompiledRule rule) {
        return rule.rule().type().equals("threat_match") && reason.contains("--indicators")
                ? "PR mode replays no indicator match rule: it has no threat index (`replay --indicators FILE` has; the "
                + "rule's cases show its alert changes above)"
                : reason;
    }

    private static Set<Long> diff(Set<Long> a, Set<Long> b) {
        Set<Long> out = new HashSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static List<CompiledRule> compiled(List<Rule> rules, Set<String> changed, RuleCompiler compiler) {
        List<CompiledRule> out = new ArrayList<>();
        for (Rule rule : rules) {
            if (changed.contains(rule.ruleId())) {
                compiler.compile(rule, new ArrayList<Diagnostic>()).ifPresent(out::add);
            }
        }
        return out;
    }

    /** rule_id → the input positions of the events its alerts end on, and the rules replay could not decide. */
    private static Replayed alerts(List<CompiledRule> rules, EventFiles events, Replayer.Options options) {
        Map<String, Set<Long>> byRule = new LinkedHashMap<>();
        rules.forEach(r -> byRule.put(r.rule().ruleId(), new HashSet<>()));
        Replayer.AlertSink sink = (rule, millis, alertEvents) -> {
            RecordedEvent last = alertEvents.get(alertEvents.size() - 1);
            // an aggregating ES|QL rule's alert is a result row, no input event: told apart by its run and its content
            // (negative keys never meet an input position)
            long key = last.file() == RecordedEvent.RESULT_ROW
                    ? -1 - ((31L * millis + last.source().toString().hashCode()) & Long.MAX_VALUE)
                    : last.sequence();
            Set<Long> set = byRule.get(rule.rule().ruleId());
            synchronized (set) {
                set.add(key);
            }
        };
        ReplayResult result = new Replayer(options.withAlerts(sink)).replay(rules, events, (n, b, t) -> { });
        return new Replayed(byRule, result.notReplayed());
    }
}
