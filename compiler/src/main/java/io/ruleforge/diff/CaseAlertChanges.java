package io.ruleforge.diff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.EqlAlerts;
import io.ruleforge.evaluate.alerts.RuleAlerts;
import io.ruleforge.evaluate.alerts.StreamEvent;
import io.ruleforge.harness.cases.AlertCase;
import io.ruleforge.harness.cases.CaseEvent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The alerts that appear or vanish on the head's multi-event cases when a rule changes — a threshold value, a
 * history window, suppression settings or the query: each version runs every case, and an alert (by its key) only
 * one of them writes is a flip, named by its case.
 */
final class CaseAlertChanges {

    /** @param cases how many cases both versions ran */
    record Result(List<RuleChange.Flip> flips, int cases) {
    }

    private CaseAlertChanges() {
    }

    static Result of(List<AlertCase> cases, CompiledRule old, CompiledRule now, DslEvaluator evaluator) {
        List<RuleChange.Flip> flips = new ArrayList<>();
        int run = 0;
        // indicator match alerts need the threat index (IndicatorMatchCases); their diff is not reproduced yet
        boolean bothDecidable = (old.dsl().isPresent() || old.eqlSource().isPresent()) && (now.dsl().isPresent() || now.eqlSource().isPresent());
        if (!bothDecidable || now.rule().type().equals("threat_match")) {
            return new Result(flips, 0);
        }
        for (AlertCase c : cases) {
            try {
                Set<String> before = alerts(c, old, evaluator);
                Set<String> after = alerts(c, now, evaluator);
                run++;
                before.stream().filter(a -> !after.contains(a)).forEach(a -> flips.add(new RuleChange.Flip(c.file() + ": alert " + a, true, false)));
                after.stream().filter(a -> !before.contains(a)).forEach(a -> flips.add(new RuleChange.Flip(c.file() + ": alert " + a, false, true)));
            } catch (DslEvaluationException e) {
                // one version's query is one Elasticsearch would reject; validation reports it
            }
        }
        return new Result(flips, run);
    }

    private static Set<String> alerts(AlertCase c, CompiledRule version, DslEvaluator evaluator) {
        List<ObjectNode> documents = c.events().stream().map(CaseEvent::document).toList();
        if (version.eqlSource().isPresent()) {
            return eqlAlerts(c, version, documents);
        }
        List<DslEvaluator.Verdict> verdicts = evaluator.forIndexFields(version.indexFields()).decide(version.dsl().orElseThrow(), documents);
        List<StreamEvent> stream = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            stream.add(new StreamEvent(i, documents.get(i), c.events().get(i).timestamp(), verdicts.get(i).matched()));
        }
        Set<String> keys = new LinkedHashSet<>();
        for (Alert alert : RuleAlerts.run(AlertRuleSpec.of(version.rule()), stream, c.now()).alerts()) {
            keys.add(alert.describeKey() + (alert.suppressed() > 0 ? " (" + alert.suppressed() + " suppressed)" : ""));
        }
        return keys;
    }

    /**
     * An EQL version's alerts: the query runs over the case's window as a whole (sequences); an unsuppressed alert is
     * named by its events (the case's event numbers, from 1), a suppressed one by its group.
     */
    private static Set<String> eqlAlerts(AlertCase c, CompiledRule version, List<ObjectNode> documents) {
        List<StreamEvent> stream = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            stream.add(new StreamEvent(i, documents.get(i), c.events().get(i).timestamp(), false));
        }
        AlertRuleSpec spec = AlertRuleSpec.of(version.rule());
        Set<String> keys = new LinkedHashSet<>();
        for (Alert alert : EqlAlerts.run(spec, version.eqlSource().get(), version.indexFields(), EqlAlerts.settings(version.rule()),
                stream, c.now()).alerts()) {
            keys.add(spec.suppression().isPresent()
                    ? alert.describeKey() + (alert.suppressed() > 0 ? " (" + alert.suppressed() + " suppressed)" : "")
                    : (alert.events().size() > 1 ? "on the sequence of events " : "on event ")
                    + alert.events().stream().map(i -> "#" + (i + 1)).collect(Collectors.joining(", ")));
        }
        return keys;
    }
}
