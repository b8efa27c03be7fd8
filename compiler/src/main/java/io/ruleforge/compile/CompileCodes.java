package io.ruleforge.compile;

import io.ruleforge.diag.Code;

/** Diagnostic codes of the compile stage (RF3xxx). */
public final class CompileCodes {
    public static final String KQL_SYNTAX = Code.RF3001.id();
    public static final String DSL_TRANSLATION = Code.RF3002.id();
    public static final String NOT_EXPRESSIBLE_IN_EQL = Code.RF3003.id();
    public static final String LANGUAGE_NOT_COMPILED = Code.RF3004.id();
    /** Two mappings of the indices one rule searches type a field differently. */
    public static final String MAPPING_CONFLICT = Code.RF3005.id();
    public static final String EXCEPTION_ITEM_NOT_APPLIED = Code.RF3006.id();
    /** An index template of the rule's indices composed of component templates no mapping file holds. */
    public static final String COMPONENTS_NOT_GIVEN = Code.RF4014.id();
    /** A field the rule groups, counts or sorts by (outside its query) whose type Elasticsearch cannot do that with. */
    public static final String NOT_AGGREGATABLE = Code.RF4006.id();
    /** An object named where the engine reads a value. */
    public static final String OBJECT_FIELD = Code.RF4007.id();
    /** A timestamp_override that is not a date field. */
    public static final String TIME_FIELD_NOT_DATE = Code.RF4008.id();
    public static final String EQL_SYNTAX = Code.RF3101.id();
    /** A lucene-language query Lucene's classic query parser (so Elasticsearch's query_string) refuses. */
    public static final String LUCENE_SYNTAX = Code.RF3201.id();
    /** EQL verifier findings; the verifier's own kind (e.g. inconsistent-join-keys) leads the message. */
    public static final String EQL_INVALID = Code.RF3102.id();
    public static final String EQL_FIELD = Code.RF3103.id();

    private CompileCodes() {
    }

    /** The code of an EQL verifier finding of the given kind: a field the mapping lacks, or anything else. */
    public static String ofEqlProblem(String verifierCode) {
        return verifierCode.equals("unknown-field") ? EQL_FIELD : EQL_INVALID;
    }
}
