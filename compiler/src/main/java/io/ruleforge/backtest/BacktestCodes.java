package io.ruleforge.backtest;

import io.ruleforge.diag.Code;

/** Diagnostic codes of backtest (RF66xx), and the engine code live mode shares. */
public final class BacktestCodes {
    /** The cluster refused a rule's search: the rule and Elasticsearch's reason. */
    public static final String REJECTED = Code.RF6601.id();
    /** A rule that is not backtested, with why (its type, no index patterns, the cluster lacks EQL or ES|QL …). */
    public static final String NOT_BACKTESTED = Code.RF6602.id();
    /** The cluster cannot be reached, or refuses the credentials: nothing (more) is backtested. */
    public static final String ENGINE_UNAVAILABLE = Code.RF6007.id();

    private BacktestCodes() {
    }
}
