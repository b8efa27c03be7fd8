package io.ruleforge.harness.cases;

import io.ruleforge.diag.SourcePosition;

import java.util.List;
import java.util.OptionalLong;

/**
 * What a case states the rule alerts on when it runs at the case's {@code now}.
 *
 * @param alerts     how many alerts the run writes (after suppression, at most {@code max_signals})
 * @param groups     the alerts by key; when not empty it lists every alert, so an alert not listed fails the case
 * @param suppressed events suppressed in total over all alerts; empty when not checked
 * @param position   where {@code expect} is written
 */
public record ExpectedAlerts(long alerts, List<ExpectedAlert> groups, OptionalLong suppressed, SourcePosition position) {

    public ExpectedAlerts {
        groups = List.copyOf(groups);
    }
}
