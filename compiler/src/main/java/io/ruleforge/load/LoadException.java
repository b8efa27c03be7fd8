package io.ruleforge.load;

import io.ruleforge.diag.Diagnostic;

/** A rule file that cannot be read, with the diagnostic that says why. */
public final class LoadException extends Exception {
    private final transient Diagnostic diagnostic;

    public LoadException(Diagnostic diagnostic) {
        super(diagnostic.format());
        this.diagnostic = diagnostic;
    }

    public Diagnostic diagnostic() {
        return diagnostic;
    }
}
