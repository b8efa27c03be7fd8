package io.ruleforge.replay;

/** Diagnostic codes of replay (RF65xx). */
public final class ReplayCodes {
    /** An events file or line that cannot be read as events. */
    public static final String BAD_EVENTS = "RF6501";
    /** A rule that produced more alerts on the recorded events than the budget allows (--max-alerts / maxAlerts). */
    public static final String OVER_BUDGET = "RF6502";
    /** A rule that is not replayed: its type is not replayed yet, it did not compile, or Elasticsearch would reject it. */
    public static final String NOT_REPLAYED = "RF6503";

    private ReplayCodes() {
    }
}
