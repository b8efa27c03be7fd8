package io.ruleforge.bundle;

/** Diagnostic codes of the version lock (RF7xxx). */
public final class LockCodes {
    public static final String CHANGED_WITHOUT_BUMP = "RF7001";
    public static final String NOT_LOCKED = "RF7002";
    /** Not a lock file, or an entry without a positive version and a SHA-256 of 64 hex digits. */
    public static final String BAD_LOCK_FILE = "RF7003";
    public static final String DUPLICATE_ENTRY = "RF7004";
    /** A key that is not a UUID: a warning when a rule has that id (Kibana accepts it), an error otherwise. */
    public static final String KEY_NOT_UUID = "RF7005";
    /** A rule file's own {@code version} that is not the locked one (the lock's is deployed). */
    public static final String VERSION_DISAGREES = "RF7006";
    /** Rules without a lock file: no version is checked. */
    public static final String NO_LOCK_FILE = "RF7007";

    private LockCodes() {
    }
}
