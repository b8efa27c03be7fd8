/**
 * Replaying recorded events through a rule set (after {@code harness}; uses {@code evaluate}): {@link
 * io.ruleforge.replay.EventFiles} streams NDJSON, NDJSON.gz and saved search responses; {@link
 * io.ruleforge.replay.Replayer} decides every event against every rule on all cores and tallies alerts per rule;
 * {@link io.ruleforge.replay.ReplayRun} is the stage entry point writing {@code replay.md} ({@link
 * io.ruleforge.replay.ReplayMarkdown}), {@code replay.json} and {@code alerts.ndjson}, and applying the alert budget.
 */
package io.ruleforge.replay;
