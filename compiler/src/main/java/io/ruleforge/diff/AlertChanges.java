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

    /** The change of a rule whose base compiles and head does not: its base alerts are all lost. */
    static final String HEAD_DOES_NOT_COMPILE = "changed, does not compile at head";

    /**
     * One rule's alerts on both sides.
     *
     * @param change        {@code changed}, {@code added} (no base version: its base count is 0) or {@code removed}
     *                      (no head version: its head count is 0)
     * @param gained        alerts the head version raises and the base did not
     * @param lost          alerts the base raised and the head version does not
     * @param gainedSamples a few gained alerts: {@code file:line} of the event they end on
     * @param gainedEvents  those events
     * @param notReplayed   why the head's version (a removed rule: the base's) could not be replayed (its type, or its
     *                      query); empty when it was
     */
    public record RuleAlerts(String file, String change, long baseAlerts, long headAlerts, long gained, long lost,
                             List<String> gainedSamples, List<String> lostSamples, List<JsonNode> gainedEvents,
                             List<JsonNode> lostEvents, String notReplayed) {
    }

    /**
     * What one side's replay gave: rule_id → positions of the events its alerts end on (a result row: a negative key);
     * rule file → why not replayed; each result row's content and run, by its key.
     */
    private record Replayed(Map<String, Set<Long>> byRule, Map<String, String> notReplayed, Map<Long, JsonNode> rows,
                            Map<Long, Long> rowRuns) {
    }

    private AlertChanges() {
    }

    /**
     * Per changed, added and removed rule file (head's; a removed rule's base file), in file order: what a reviewer
     * asks of a new rule first is how noisy it is. Rules that do not compile on a side count no alerts there.
     */
    public static Map<String, RuleAlerts> of(DiffReport report, BaseRuleSet baseRules, List<Rule> headRules, RuleCompiler compiler,
                                             EventFiles events, Replayer.Options options) {
        Map<String, String> changeOf = new HashMap<>();
        report.changed().forEach(c -> changeOf.put(c.ruleId(), "changed"));
        report.added().forEach(a -> changeOf.put(a.ruleId(), "added"));
        report.removed().forEach(r -> changeOf.put(r.ruleId(), "removed"));
        // the base's rules with the base's exception lists
        RuleCompiler baseCompiler = baseRules.exceptions().map(compiler::withExceptionLists).orElse(compiler);
        List<CompiledRule> baseSide = compiled(baseRules.rules(), changeOf.keySet(), baseCompiler);
        Replayed replayedBase = alerts(baseSide, events, options);
        Map<String, Set<Long>> base = replayedBase.byRule();
        List<CompiledRule> head = compiled(headRules, changeOf.keySet(), compiler);
        Replayed replayedHead = alerts(head, events, options);
        Map<String, Set<Long>> now = replayedHead.byRule();
        // each rule by the version a reviewer sees: the head's, or the base's for a removed rule
        Map<String, CompiledRule> shown = new LinkedHashMap<>();
        head.forEach(r -> shown.put(r.rule().ruleId(), r));
        // a removed rule, and a changed one whose head does not compile, by its base version: its alerts are lost
        baseSide.forEach(r -> {
            if (!shown.containsKey(r.rule().ruleId()) && changeOf.get(r.rule().ruleId()).equals("changed")) {
                changeOf.put(r.rule().ruleId(), HEAD_DOES_NOT_COMPILE);
            }
            shown.putIfAbsent(r.rule().ruleId(), r);
        });
        Map<Long, String> where = new HashMap<>();
        Map<Long, JsonNode> sources = new HashMap<>();
        Set<Long> interesting = new HashSet<>();
        for (String id : shown.keySet()) {
            Set<Long> gained = diff(now.getOrDefault(id, Set.of()), base.getOrDefault(id, Set.of()));
            Set<Long> lost = diff(base.getOrDefault(id, Set.of()), now.getOrDefault(id, Set.of()));
            gained.stream().sorted().limit(SAMPLES).forEach(interesting::add);
            lost.stream().sorted().limit(SAMPLES).forEach(interesting::add);
        }
        for (Replayed side : List.of(replayedBase, replayedHead)) {
            side.rows().forEach((key, row) -> {
                sources.putIfAbsent(key, row);
                where.putIfAbsent(key, "a result row of the run at " + java.time.Instant.ofEpochMilli(side.rowRuns().get(key)));
            });
        }
        if (interesting.stream().anyMatch(k -> k >= 0)) {
            events.read(e -> {
                if (interesting.contains(e.sequence())) {
                    where.put(e.sequence(), events.displayNames().get(e.file()) + ":" + e.line());
                    sources.put(e.sequence(), e.source());
                }
            }, n -> { });
        }
        Map<String, RuleAlerts> out = new TreeMap<>();
        for (CompiledRule rule : shown.values()) {
            String id = rule.rule().ruleId();
            String change = changeOf.get(id);
            Set<Long> before = base.getOrDefault(id, Set.of());
            Set<Long> after = now.getOrDefault(id, Set.of());
            List<Long> gained = diff(after, before).stream().sorted().toList();
            List<Long> lost = diff(before, after).stream().sorted().toList();
            boolean baseOnly = change.equals("removed") || change.equals(HEAD_DOES_NOT_COMPILE);
            Map<String, String> reasons = baseOnly ? replayedBase.notReplayed() : replayedHead.notReplayed();
            out.put(rule.rule().displayPath(), new RuleAlerts(rule.rule().displayPath(), change, before.size(), after.size(),
                    gained.size(), lost.size(),
                    // a result row has no input position: it is shown by its run and its content
                    gained.stream().limit(SAMPLES).map(where::get).filter(Objects::nonNull).toList(),
                    lost.stream().limit(SAMPLES).map(where::get).filter(Objects::nonNull).toList(),
                    gained.stream().limit(SAMPLES).map(sources::get).filter(Objects::nonNull).toList(),
                    lost.stream().limit(SAMPLES).map(sources::get).filter(Objects::nonNull).toList(),
                    prModeReason(reasons.getOrDefault(rule.rule().displayPath(), ""), rule)));
        }
        // a rule that compiled on no side is said so, never left out as if it had not changed
        Map<String, String> files = new HashMap<>();
        report.changed().forEach(c -> files.put(c.ruleId(), c.file()));
        report.added().forEach(a -> files.put(a.ruleId(), a.file()));
        report.removed().forEach(r -> files.put(r.ruleId(), r.file()));
        changeOf.forEach((id, change) -> {
            if (!shown.containsKey(id)) {
                out.putIfAbsent(files.get(id), new RuleAlerts(files.get(id), change, 0, 0, 0, 0, List.of(), List.of(), List.of(),
                        List.of(), "it does not compile" + (change.equals("changed") ? " on either side" : "")
                        + ": its errors are reported by validate"));
            }
        });
        return out;
    }

    /** The diff.md section: one row per changed, added and removed rule, then where its alerts gained and lost end. */
    public static String markdown(Map<String, RuleAlerts> alerts) {
        StringBuilder md = new StringBuilder("\n## Alerts on the recorded events\n\n");
        if (alerts.isEmpty()) {
            return md.append("No changed, added or removed rule to replay.\n").toString();
        }
        md.append("| Rule | Change | Base | Head | Gained | Lost |\n| --- | --- | ---: | ---: | ---: | ---: |\n");
        // a rule replay cannot decide is said so, never shown as "no change"; a side without the rule shows "–"
        alerts.values().forEach(a -> md.append("| `").append(a.file()).append("` | ").append(a.change()).append(" | ")
                .append(a.notReplayed().isEmpty()
                        ? side(a.change().equals("added"), a.baseAlerts()) + " | "
                        + side(a.change().equals("removed") || a.change().equals(HEAD_DOES_NOT_COMPILE), a.headAlerts())
                        + " | +" + a.gained() + " | −" + a.lost()
                        : "not replayed: " + a.notReplayed().replace("|", "\\|") + " | | |").append(" |\n"));
        for (RuleAlerts a : alerts.values()) {
            if (!a.gainedSamples().isEmpty() || !a.lostSamples().isEmpty()) {
                md.append("\n`").append(a.file()).append("`: gained at ").append(a.gainedSamples().isEmpty() ? "–" : String.join(", ", a.gainedSamples()))
                        .append("; lost at ").append(a.lostSamples().isEmpty() ? "–" : String.join(", ", a.lostSamples())).append('\n');
                samples(md, "gained", a.gainedEvents());
                samples(md, "lost", a.lostEvents());
            }
        }
        return md.toString();
    }

    private static String side(boolean absent, long alerts) {
        return absent ? "–" : Long.toString(alerts);
    }

    /** The sample events themselves, abbreviated: a path on a CI runner alone tells a reviewer nothing. */
    private static void samples(StringBuilder md, String kind, List<JsonNode> events) {
        for (JsonNode e : events) {
            String text = e.toString();
            if (text.codePointCount(0, text.length()) > SAMPLE_CHARS) {
                text = text.substring(0, text.offsetByCodePoints(0, SAMPLE_CHARS - 1)) + "…";
            }
            // fenced by one backtick more than its longest run of them: an obfuscated command line (I`E`X) keeps its backticks
            md.append("- ").append(kind).append(": ").append(DiffMarkdown.code(text)).append('\n');
        }
    }

    private static final int SAMPLE_CHARS = 300;

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

    private static List<CompiledRule> compiled(List<Rule> rules, Set<String> ids, RuleCompiler compiler) {
        List<CompiledRule> out = new ArrayList<>();
        for (Rule rule : rules) {
            if (ids.contains(rule.ruleId())) {
                compiler.compile(rule, new ArrayList<Diagnostic>()).ifPresent(out::add);
            }
        }
        return out;
    }

    /** rule_id → the input positions of the events its alerts end on, and the rules replay could not decide. */
    private static Replayed alerts(List<CompiledRule> rules, EventFiles events, Replayer.Options options) {
        Map<String, Set<Long>> byRule = new LinkedHashMap<>();
        rules.forEach(r -> byRule.put(r.rule().ruleId(), new HashSet<>()));
        Map<Long, JsonNode> rows = new java.util.concurrent.ConcurrentHashMap<>();
        Map<Long, Long> rowRuns = new java.util.concurrent.ConcurrentHashMap<>();
        Replayer.AlertSink sink = (rule, millis, alertEvents, group) -> {
            RecordedEvent last = alertEvents.get(alertEvents.size() - 1);
            // an aggregating ES|QL rule's alert is a result row, no input event: told apart by its run and its content
            // (negative keys never meet an input position), and kept to be shown as a sample
            long key = last.file() == RecordedEvent.RESULT_ROW
                    ? -1 - ((31L * millis + last.source().toString().hashCode()) & Long.MAX_VALUE)
                    : last.sequence();
            if (key < 0) {
                rows.putIfAbsent(key, last.source());
                rowRuns.putIfAbsent(key, millis);
            }
            Set<Long> set = byRule.get(rule.rule().ruleId());
            synchronized (set) {
                set.add(key);
            }
        };
        ReplayResult result = new Replayer(options.withAlerts(sink)).replay(rules, events, (n, b, t) -> { });
        return new Replayed(byRule, result.notReplayed(), rows, rowRuns);
    }
}
