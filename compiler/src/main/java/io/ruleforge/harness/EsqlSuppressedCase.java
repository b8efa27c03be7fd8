package io.ruleforge.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.AlertRuns;
import io.ruleforge.evaluate.alerts.EsqlAlerts;
import io.ruleforge.evaluate.alerts.StreamEvent;
import io.ruleforge.evaluate.esql.EsqlResult;
import io.ruleforge.harness.cases.AlertCase;

import java.util.ArrayList;
import java.util.List;

/**
 * The one execution of an ES|QL rule with {@code alert_suppression} at a case's {@code now}: the case's rows become
 * alerts as {@link EsqlAlerts} says and go through the alerts model ({@link AlertRuns#runSearched}), page by page.
 * The test stage checks a case by it and the diff compares two versions by it, so both see the same alerts.
 */
public final class EsqlSuppressedCase {

    private EsqlSuppressedCase() {
    }

    /**
     * @param result      the query's result over the case's events at its {@code now}
     * @param aggregating whether the query aggregates ({@code STATS})
     */
    public static AlertRuns.Execution run(CompiledRule rule, AlertCase alertCase, EsqlResult result, boolean aggregating) {
        AlertRuleSpec spec = AlertRuleSpec.of(rule.rule());
        List<StreamEvent> sources = new ArrayList<>();
        for (int i = 0; i < alertCase.events().size(); i++) {
            // suppressed at the event's time for the rule (timestamp_override, else @timestamp), else at the run
            ObjectNode document = alertCase.events().get(i).document();
            sources.add(new StreamEvent(i, document, spec.time().time(document).orElse(alertCase.now()), true));
        }
        EsqlAlerts.Run rows = EsqlAlerts.of(result, aggregating, sources, alertCase.now(), spec.time());
        return AlertRuns.runSearched(spec, AlertRuleSpec.interval(rule.rule()), rows.search(spec.maxSignals()), rows.stream(),
                List.of(alertCase.now())).get(0);
    }
}
