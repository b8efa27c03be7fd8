package io.ruleforge.kql.verify;

import io.ruleforge.diag.Code;

/** Diagnostic codes of the query verifier (RF40xx). */
public final class VerifyCodes {
    public static final String UNKNOWN_FIELD = Code.RF4001.id();
    public static final String CIDR_ON_TYPE = Code.RF4002.id();
    public static final String WILDCARD_ON_TYPE = Code.RF4003.id();
    public static final String RANGE_ON_TYPE = Code.RF4004.id();
    public static final String VALUE_NOT_OF_TYPE = Code.RF4005.id();
    public static final String UNSEARCHABLE_FIELD = Code.RF4015.id();

    private VerifyCodes() {
    }
}
