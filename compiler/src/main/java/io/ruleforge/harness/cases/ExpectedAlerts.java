package io.ruleforge.harness.cases;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.SourcePosition;

import java.util.List;
import java.util.OptionalLong;

/**
 * What a case states the rule alerts on when it runs at the case's {@code now}.
 *
 * @param alerts     how many alerts the run writes (after suppression, at most {@code max_signals}); for an ES|QL
 *                   rule, its result rows when the query aggregates, else the distinct source events among them
 * @param groups     the alerts by key; when not empty it lists every alert, so an alert not listed fails the case
 * @param suppressed events suppressed in total over all alerts; empty when not checked
 * @param rows       ES|QL rules: result rows the run must give, each with only the columns it checks (column name to
 *                   value); when not empty {@code alerts} is their number, unless the rule has alert suppression
 *                   (then {@code alerts} counts the alerts after it). Empty for other rules
 * @param rowCount   ES|QL rules with alert suppression: the number of result rows stated ({@code "rows": N}), which
 *                   suppression makes a count of its own beside {@code alerts}; empty when not stated
 * @param position   where {@code expect} is written
 */
public record ExpectedAlerts(long alerts, List<ExpectedAlert> groups, OptionalLong suppressed, List<ObjectNode> rows,
                             OptionalLong rowCount, SourcePosition position) {

    public ExpectedAlerts {
        groups = List.copyOf(groups);
        rows = rows.stream().map(ObjectNode::deepCopy).toList();
    }

    /** An expectation without ES|QL rows. */
    public ExpectedAlerts(long alerts, List<ExpectedAlert> groups, OptionalLong suppressed, SourcePosition position) {
        this(alerts, groups, suppressed, List.of(), OptionalLong.empty(), position);
    }

    @Override
    public List<ObjectNode> rows() {
        return rows.stream().map(ObjectNode::deepCopy).toList();
    }
}
