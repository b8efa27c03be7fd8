package io.ruleforge.diff;

import io.ruleforge.diag.Code;

/** Diagnostic codes of the diff stage (RF8xxx): what could not be read of the base. */
public final class DiffCodes {
    public static final String MALFORMED_BUNDLE_LINE = Code.RF8001.id();
    public static final String NOT_A_RULE_LINE = Code.RF8002.id();

    private DiffCodes() {
    }
}
