package io.ruleforge.diag;

import java.util.Locale;

/** How bad a diagnostic is. Errors fail the build; warnings only when the user asks for it. */
public enum Severity {
    ERROR,
    WARNING,
    INFO;

    /** The lower-case word compilers print ("error", "warning"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
