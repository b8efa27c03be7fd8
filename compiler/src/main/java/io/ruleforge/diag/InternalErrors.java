package io.ruleforge.diag;

/**
 * A fault in ruleforge itself (a bug, not bad input), told as one line a user can paste into a report: what went
 * wrong and where in ruleforge's code, never a stack trace in the middle of the findings.
 */
public final class InternalErrors {

    /** The code of every internal error. */
    public static final String CODE = Code.RF9999.id();

    private InternalErrors() {
    }

    /**
     * An error at {@code file} (the rule file being processed, or what the run was doing).
     *
     * @param doing what ruleforge was doing with it, e.g. {@code testing}
     */
    public static Diagnostic diagnostic(String file, String doing, Throwable fault) {
        return Diagnostic.error(CODE, SourcePosition.ofFile(file), "internal error while " + doing + ", please report: " + describe(fault))
                .withHint("this is a bug in ruleforge, not in the rule; the other rules' findings are complete");
    }

    /** E.g. {@code ArithmeticException: long overflow (SequenceMatcher.java:47)}: the fault and where it was thrown. */
    public static String describe(Throwable fault) {
        StringBuilder text = new StringBuilder(fault.getClass().getSimpleName());
        if (fault.getMessage() != null && !fault.getMessage().isBlank()) {
            text.append(": ").append(fault.getMessage().lines().findFirst().orElse("").strip());
        }
        StackTraceElement[] frames = fault.getStackTrace();
        if (frames.length > 0 && frames[0].getFileName() != null) {
            text.append(" (").append(frames[0].getFileName()).append(':').append(frames[0].getLineNumber()).append(')');
        }
        return text.toString();
    }
}
