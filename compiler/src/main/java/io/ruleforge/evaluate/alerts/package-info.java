/**
 * What a rule alerts on when it runs at a given moment, as Kibana's detection engine decides it: the rule window,
 * threshold groups, new terms against their history window, EQL events and sequences ({@link
 * io.ruleforge.evaluate.alerts.EqlAlerts}), indicator matches ({@link io.ruleforge.evaluate.alerts.IndicatorMatch}),
 * ES|QL result rows as alerts ({@link io.ruleforge.evaluate.alerts.EsqlAlerts}), alert suppression and
 * {@code max_signals}, over one run or several ({@link io.ruleforge.evaluate.alerts.AlertRuns}). The query
 * itself is decided by a {@link io.ruleforge.evaluate.VerdictSource}; this package only aggregates its verdicts —
 * unless the source is also an {@link io.ruleforge.evaluate.alerts.AlertSearch} (a cluster in live mode), which
 * groups threshold and new_terms alerts with its own aggregations and hands them to {@code RuleAlerts.finish}.
 */
package io.ruleforge.evaluate.alerts;
