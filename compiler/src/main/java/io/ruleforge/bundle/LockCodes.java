package io.ruleforge.bundle;

/** Diagnostic codes of the version lock (RF7xxx). */
public final class LockCodes {
    public static final String CHANGED_WITHOUT_BUMP = "RF7001";
    public static final String NOT_LOCKED = "RF7002";
    public static final String BAD_LOCK_FILE = "RF7003";

    private LockCodes() {
    }
}
