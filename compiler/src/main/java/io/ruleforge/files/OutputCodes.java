package io.ruleforge.files;

/** Diagnostic codes of writing outputs (RF90xx). */
public final class OutputCodes {
    /** An output file or folder (or the output directory itself) cannot be written. */
    public static final String UNWRITABLE = "RF9001";

    private OutputCodes() {
    }
}
