package io.ruleforge.diag;

/** Input that cannot be used (a rule file that cannot be read, a malformed lock file), with the diagnostic saying why. */
public final class DiagnosticException extends Exception {
    private final transient Diagnostic diagnostic;

    public DiagnosticException(Diagnostic diagnostic) {
        super(diagnostic.format());
        this.diagnostic = diagnostic;
    }

    public Diagnostic diagnostic() {
        return diagnostic;
    }
}
