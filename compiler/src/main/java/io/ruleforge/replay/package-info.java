/**
 * Replaying recorded events through a rule set (after {@code harness}; uses {@code evaluate}): {@link
 * io.ruleforge.replay.EventFiles} streams NDJSON, NDJSON.gz and saved search responses; {@link
 * io.ruleforge.replay.Replayer} decides every event against every rule on all cores and hands the decided events,
 * in input order, to the timeline of runs ({@code ReplayTimeline}; {@code evaluate.alerts.RuleSchedule}, which a
 * backtest shares; one {@code RuleTimeline} per rule: per event for query and EQL event rules, per run's window for threshold, new_terms, suppression, EQL
 * sequences, ES|QL and indicator match), which writes the alerts the detection engine's runs would; {@link
 * io.ruleforge.replay.ReplayRun} is the stage entry point writing {@code replay.md} ({@link
 * io.ruleforge.replay.ReplayMarkdown}), {@code replay.json} and {@code alerts.ndjson}, and applying the alert budget.
 */
package io.ruleforge.replay;
