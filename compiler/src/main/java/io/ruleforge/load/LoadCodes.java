package io.ruleforge.load;

import io.ruleforge.diag.Code;

/** Diagnostic codes of the loading stage (RF1xxx). */
public final class LoadCodes {
    public static final String UNREADABLE = Code.RF1001.id();
    public static final String UNKNOWN_FORMAT = Code.RF1002.id();
    public static final String TOO_LARGE = Code.RF1003.id();
    public static final String NOT_UTF8 = Code.RF1004.id();
    public static final String BINARY = Code.RF1005.id();
    public static final String EMPTY = Code.RF1006.id();
    /** A rules folder without a single rule file. */
    public static final String NO_RULE_FILES = Code.RF1007.id();
    public static final String TOML_SYNTAX = Code.RF1010.id();
    public static final String YAML_SYNTAX = Code.RF1011.id();
    public static final String NOT_A_TABLE = Code.RF1012.id();

    private LoadCodes() {
    }
}
