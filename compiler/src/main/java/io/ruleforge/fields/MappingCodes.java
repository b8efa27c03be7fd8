package io.ruleforge.fields;

/** Diagnostic codes of Elasticsearch mapping files given with --mapping / mappings (RF40xx, with the field checks). */
public final class MappingCodes {
    public static final String MALFORMED = "RF4010";
    public static final String UNKNOWN_TYPE = "RF4011";
    public static final String NO_MAPPING = "RF4012";

    private MappingCodes() {
    }
}
