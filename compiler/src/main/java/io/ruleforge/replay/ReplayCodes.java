package io.ruleforge.replay;

import io.ruleforge.diag.Code;

/** Diagnostic codes of replay (RF65xx). */
public final class ReplayCodes {
    /** An events file or line that cannot be read as events. */
    public static final String BAD_EVENTS = Code.RF6501.id();
    /** A rule that produced more alerts on the recorded events than the budget allows (--max-alerts / maxAlerts). */
    public static final String OVER_BUDGET = Code.RF6502.id();
    /** A rule that is not replayed: its type is not replayed yet, it did not compile, or Elasticsearch would reject it. */
    public static final String NOT_REPLAYED = Code.RF6503.id();

    /** Events without a @timestamp, or earlier than an event before them: outside the runs replay places. */
    public static final String OUTSIDE_TIMELINE = Code.RF6504.id();
    /** An events input without a single event. */
    public static final String NO_EVENTS = Code.RF6505.id();
    /** Events of an index that no replayed rule searches. */
    public static final String UNSEARCHED_INDEX = Code.RF6506.id();

    private ReplayCodes() {
    }
}
