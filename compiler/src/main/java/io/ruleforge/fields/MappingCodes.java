package io.ruleforge.fields;

import io.ruleforge.diag.Code;

/** Diagnostic codes of Elasticsearch mapping files given with --mapping / mappings (RF40xx, with the field checks). */
public final class MappingCodes {
    public static final String MALFORMED = Code.RF4010.id();
    public static final String UNKNOWN_TYPE = Code.RF4011.id();
    public static final String NO_MAPPING = Code.RF4012.id();

    private MappingCodes() {
    }
}
