package io.ruleforge.load;

/** Diagnostic codes of the loading stage (RF1xxx). */
public final class LoadCodes {
    public static final String UNREADABLE = "RF1001";
    public static final String UNKNOWN_FORMAT = "RF1002";
    public static final String TOO_LARGE = "RF1003";
    public static final String NOT_UTF8 = "RF1004";
    public static final String BINARY = "RF1005";
    public static final String EMPTY = "RF1006";
    public static final String TOML_SYNTAX = "RF1010";
    public static final String YAML_SYNTAX = "RF1011";
    public static final String NOT_A_TABLE = "RF1012";

    private LoadCodes() {
    }
}
