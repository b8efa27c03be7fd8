package io.ruleforge.bundle;

import io.ruleforge.diag.Diagnostic;

/** A lock file that cannot be read, with the diagnostic that says why. */
public final class LockFileException extends Exception {
    private final transient Diagnostic diagnostic;

    public LockFileException(Diagnostic diagnostic) {
        super(diagnostic.format());
        this.diagnostic = diagnostic;
    }

    public Diagnostic diagnostic() {
        return diagnostic;
    }
}
