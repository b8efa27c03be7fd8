package io.ruleforge.diff;

/** Diagnostic codes of the diff stage (RF8xxx): what could not be read of the base. */
public final class DiffCodes {
    public static final String MALFORMED_BUNDLE_LINE = "RF8001";
    public static final String NOT_A_RULE_LINE = "RF8002";

    private DiffCodes() {
    }
}
