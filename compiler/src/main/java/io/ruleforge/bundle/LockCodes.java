package io.ruleforge.bundle;

import io.ruleforge.diag.Code;

/** Diagnostic codes of the version lock (RF7xxx). */
public final class LockCodes {
    public static final String CHANGED_WITHOUT_BUMP = Code.RF7001.id();
    public static final String NOT_LOCKED = Code.RF7002.id();
    /** Not a lock file, or an entry without a positive version and a SHA-256 of 64 hex digits. */
    public static final String BAD_LOCK_FILE = Code.RF7003.id();
    public static final String DUPLICATE_ENTRY = Code.RF7004.id();
    /** A key that is not a UUID: a warning when a rule has that id (Kibana accepts it), an error otherwise. */
    public static final String KEY_NOT_UUID = Code.RF7005.id();
    /** A rule file's own {@code version} that is not the locked one (the lock's is deployed). */
    public static final String VERSION_DISAGREES = Code.RF7006.id();
    /** Rules without a lock file: no version is checked. */
    public static final String NO_LOCK_FILE = Code.RF7007.id();

    private LockCodes() {
    }
}
