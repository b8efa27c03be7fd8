package io.ruleforge.diff;

import io.ruleforge.diag.Code;

/** Diagnostic codes of the diff stage (RF8xxx): what could not be read of the base. */
public final class DiffCodes {
    public static final String MALFORMED_BUNDLE_LINE = Code.RF8001.id();
    public static final String NOT_A_RULE_LINE = Code.RF8002.id();
    /** A base bundle in which no line is a rule: every rule would read as added. */
    public static final String NO_RULES_IN_BASE = Code.RF8003.id();

    private DiffCodes() {
    }
}
