package io.ruleforge.compile;

/** Diagnostic codes of the compile stage (RF3xxx). */
public final class CompileCodes {
    public static final String KQL_SYNTAX = "RF3001";
    public static final String DSL_TRANSLATION = "RF3002";
    public static final String NOT_EXPRESSIBLE_IN_EQL = "RF3003";
    public static final String LANGUAGE_NOT_COMPILED = "RF3004";
    /** Two mappings of the indices one rule searches type a field differently. */
    public static final String MAPPING_CONFLICT = "RF3005";
    public static final String EQL_SYNTAX = "RF3101";
    /** A lucene-language query Lucene's classic query parser (so Elasticsearch's query_string) refuses. */
    public static final String LUCENE_SYNTAX = "RF6301";
    /** EQL verifier findings; the verifier's own kind (e.g. inconsistent-join-keys) leads the message. */
    public static final String EQL_INVALID = "RF3102";
    public static final String EQL_FIELD = "RF3103";

    private CompileCodes() {
    }

    /** The code of an EQL verifier finding of the given kind: a field the mapping lacks, or anything else. */
    public static String ofEqlProblem(String verifierCode) {
        return verifierCode.equals("unknown-field") ? EQL_FIELD : EQL_INVALID;
    }
}
