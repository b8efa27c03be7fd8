package io.ruleforge.files;

import io.ruleforge.diag.Code;

/** Diagnostic codes of writing outputs (RF90xx). */
public final class OutputCodes {
    /** An output file or folder (or the output directory itself) cannot be written. */
    public static final String UNWRITABLE = Code.RF9001.id();

    private OutputCodes() {
    }
}
