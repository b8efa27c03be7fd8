package io.ruleforge.diff;

import io.ruleforge.kql.KibanaVersion;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.EqlAlerts;
import io.ruleforge.evaluate.alerts.AlertRuns;
import io.ruleforge.evaluate.alerts.RuleAlerts;
import io.ruleforge.evaluate.alerts.StreamEvent;
import io.ruleforge.evaluate.alerts.IndicatorAlert;
import io.ruleforge.harness.IndicatorMatchCases;
import io.ruleforge.harness.cases.AlertCase;
import io.ruleforge.harness.cases.CaseEvent;
import io.ruleforge.harness.cases.CaseRun;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The alerts that appear or vanish on the head's multi-event cases when a rule changes — a threshold value, a
 * history window, suppression settings, an indicator match rule's mapping, threat query, filters or indicator path,
 * or the query: each version runs every case, and an alert only one of them writes is a flip, named by its case.
 * An alert is told apart by its key; an indicator match alert also by its event and the indicators that matched it,
 * with the indicator object its enrichment carries, so a new {@code threat_indicator_path} shows as the alert with
 * the old enrichment lost and the one with the new enrichment gained. Indicator match cases use the head's threat
 * index ({@code indicators} of the case, or the rule's {@code indicators.ndjson}) for both versions.
 */
final class CaseAlertChanges {

    /** @param cases how many cases both versions ran */
    record Result(List<RuleChange.Flip> flips, int cases) {
    }

    private static final int MAX_INDICATOR_TEXT = 120;

    private CaseAlertChanges() {
    }

    /**
     * @param fixtureFolder the head's fixture folder of the rule (its {@code indicators.ndjson})
     * @param displayFolder that folder as messages name it
     */
    static Result of(List<AlertCase> cases, CompiledRule old, CompiledRule now, DslEvaluator evaluator,
                     Optional<Path> fixtureFolder, String displayFolder, KibanaVersion kibanaVersion) {
        List<RuleChange.Flip> flips = new ArrayList<>();
        int run = 0;
        boolean bothDecidable = (old.dsl().isPresent() || old.eqlSource().isPresent()) && (now.dsl().isPresent() || now.eqlSource().isPresent());
        if (!bothDecidable) {
            return new Result(flips, 0);
        }
        if (now.rule().type().equals("threat_match") || old.rule().type().equals("threat_match")) {
            if (!old.rule().type().equals(now.rule().type())) {
                // a rule that becomes (or stops being) indicator match: its field changes say so, alerts are not comparable
                return new Result(flips, 0);
            }
            IndicatorMatchCases before = indicatorMatch(old, evaluator, fixtureFolder, displayFolder, kibanaVersion);
            IndicatorMatchCases after = indicatorMatch(now, evaluator, fixtureFolder, displayFolder, kibanaVersion);
            for (AlertCase c : cases) {
                if (c.multiRun() && !(before.suppressing() && after.suppressing())) {
                    continue; // the test stage reports it: an unsuppressed indicator match rule's case is one run
                }
                Side base = indicatorAlerts(c, before);
                Side head = indicatorAlerts(c, after);
                if (base.failure().isPresent() && head.failure().isPresent()) {
                    continue;
                }
                run++;
                flipsOf(c, base, head, flips);
            }
            return new Result(flips, run);
        }
        for (AlertCase c : cases) {
            try {
                Set<String> before = alerts(c, old, evaluator);
                Set<String> after = alerts(c, now, evaluator);
                run++;
                flipsOf(c, new Side(before, Optional.empty()), new Side(after, Optional.empty()), flips);
            } catch (DslEvaluationException e) {
                // one version's query is one Elasticsearch would reject; validation reports it
            }
        }
        return new Result(flips, run);
    }

    /** One version's alerts on a case, by description; or why that version cannot run on it. */
    private record Side(Set<String> alerts, Optional<String> failure) {
    }

    private static void flipsOf(AlertCase c, Side base, Side head, List<RuleChange.Flip> flips) {
        String baseFails = base.failure().map(f -> " — the base version's run fails: " + f).orElse("");
        String headFails = head.failure().map(f -> " — the head version's run fails: " + f).orElse("");
        base.alerts().stream().filter(a -> !head.alerts().contains(a))
                .forEach(a -> flips.add(new RuleChange.Flip(c.file() + ": alert " + a + headFails, true, false)));
        head.alerts().stream().filter(a -> !base.alerts().contains(a))
                .forEach(a -> flips.add(new RuleChange.Flip(c.file() + ": alert " + a + baseFails, false, true)));
    }

    private static IndicatorMatchCases indicatorMatch(CompiledRule version, DslEvaluator evaluator, Optional<Path> fixtureFolder,
                                                      String displayFolder, KibanaVersion kibanaVersion) {
        return new IndicatorMatchCases(version, AlertRuleSpec.of(version.rule(), version.indexFields()), evaluator.forIndexFields(version.indexFields()),
                fixtureFolder, displayFolder, kibanaVersion);
    }

    private static Side indicatorAlerts(AlertCase c, IndicatorMatchCases version) {
        try {
            Set<String> keys = new LinkedHashSet<>();
            if (version.suppressing()) {
                // suppressed alerts by their group (and run, for a case of several), as the test stage checks them
                List<AlertRuns.Execution> executions = version.executions(c);
                for (int r = 0; r < executions.size(); r++) {
                    for (Alert alert : executions.get(r).created()) {
                        AlertKeys.add(keys, (c.multiRun() ? "of run " + (r + 1) + " " : "") + alert.describeKey()
                                + (alert.suppressed() > 0 ? " (" + alert.suppressed() + " suppressed)" : ""));
                    }
                }
                return new Side(keys, Optional.empty());
            }
            for (IndicatorAlert alert : version.alerts(c)) {
                AlertKeys.add(keys, describe(c, alert));
            }
            return new Side(keys, Optional.empty());
        } catch (IndicatorMatchCases.RunFailure e) {
            return new Side(Set.of(), Optional.of(e.getMessage()));
        }
    }

    /**
     * An indicator match alert as the diff names it: what matched, the event (its line in the case file), and per
     * matched indicator its id and the indicator object of the enrichment ({@code threat_indicator_path}).
     */
    static String describe(AlertCase c, IndicatorAlert alert) {
        String key = new Alert(alert.matchedValues(), 1, OptionalLong.empty(), 0, List.of()).describeKey();
        int event = Integer.parseInt(alert.eventId());
        String indicators = alert.enrichments().stream()
                .map(e -> e.id() + " " + compact(e.indicator()))
                .distinct()
                .collect(Collectors.joining(", "));
        return key + " on the event at line " + c.events().get(event).position().line()
                + (indicators.isEmpty() ? "" : ", indicator " + indicators);
    }

    /** The enrichment's indicator object as one line, cut short: enough to tell one indicator path from another. */
    private static String compact(ObjectNode indicator) {
        String text = indicator.toString();
        return text.length() <= MAX_INDICATOR_TEXT ? text : text.substring(0, MAX_INDICATOR_TEXT - 1) + "…";
    }

    private static String describe(Alert alert, AlertRuleSpec spec) {
        // a query rule's plain alert has no key: it is told apart by its event (the case's event number, from 1)
        String key = alert.key().isEmpty() && spec.threshold().isEmpty() && !alert.events().isEmpty()
                ? "on event #" + (alert.events().get(0) + 1) : alert.describeKey();
        return key + (alert.suppressed() > 0 ? " (" + alert.suppressed() + " suppressed)" : "");
    }

    private static Set<String> alerts(AlertCase c, CompiledRule version, DslEvaluator evaluator) {
        List<ObjectNode> documents = c.events().stream().map(CaseEvent::document).toList();
        if (version.eqlSource().isPresent()) {
            return eqlAlerts(c, version, documents);
        }
        List<DslEvaluator.Verdict> verdicts = evaluator.forIndexFields(version.indexFields()).decide(version.searchDsl().orElseThrow(), documents);
        AlertRuleSpec spec = AlertRuleSpec.of(version.rule(), version.indexFields());
        List<StreamEvent> stream = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            stream.add(StreamEvent.of(i, documents.get(i), spec.time(), verdicts.get(i).matched()));
        }
        Set<String> keys = new LinkedHashSet<>();
        if (c.multiRun()) {
            // each run's alerts by run, so an alert that moves to another run shows
            List<AlertRuns.Execution> executions = AlertRuns.run(spec, AlertRuleSpec.interval(version.rule()), stream,
                    c.runs().stream().map(CaseRun::now).toList());
            for (int r = 0; r < executions.size(); r++) {
                for (Alert alert : executions.get(r).created()) {
                    keys.add("of run " + (r + 1) + " " + describe(alert, spec));
                }
            }
            return keys;
        }
        for (Alert alert : RuleAlerts.run(spec, stream, c.now()).alerts()) {
            keys.add(describe(alert, spec));
        }
        return keys;
    }

    /**
     * An EQL version's alerts: the query runs over the case's window as a whole (sequences); an unsuppressed alert is
     * named by its events (the case's event numbers, from 1), a suppressed one by its group.
     */
    private static Set<String> eqlAlerts(AlertCase c, CompiledRule version, List<ObjectNode> documents) {
        AlertRuleSpec spec = AlertRuleSpec.of(version.rule(), version.indexFields());
        List<StreamEvent> stream = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            stream.add(StreamEvent.of(i, documents.get(i), spec.time(), false));
        }
        Set<String> keys = new LinkedHashSet<>();
        if (c.multiRun()) {
            // each run's alerts by run, as for the other types
            List<AlertRuns.Execution> executions = AlertRuns.runEql(spec, AlertRuleSpec.interval(version.rule()),
                    version.eqlSource().get(), version.indexFields(), EqlAlerts.settings(version), stream,
                    c.runs().stream().map(CaseRun::now).toList());
            for (int r = 0; r < executions.size(); r++) {
                for (Alert alert : executions.get(r).created()) {
                    keys.add("of run " + (r + 1) + " " + eqlKey(alert, spec));
                }
            }
            return keys;
        }
        for (Alert alert : EqlAlerts.run(spec, version.eqlSource().get(), version.indexFields(), EqlAlerts.settings(version),
                stream, c.now()).alerts()) {
            keys.add(eqlKey(alert, spec));
        }
        return keys;
    }

    /** An EQL alert: a suppressed one by its group, another by its events (the case's event numbers, from 1). */
    private static String eqlKey(Alert alert, AlertRuleSpec spec) {
        return spec.suppression().isPresent()
                ? alert.describeKey() + (alert.suppressed() > 0 ? " (" + alert.suppressed() + " suppressed)" : "")
                : (alert.events().size() > 1 ? "on the sequence of events " : "on event ")
                + alert.events().stream().map(i -> "#" + (i + 1)).collect(Collectors.joining(", "));
    }
}
