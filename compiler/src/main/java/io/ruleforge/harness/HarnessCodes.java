package io.ruleforge.harness;

/** Diagnostic codes of the test harness (RF6xxx). */
public final class HarnessCodes {
    public static final String BAD_FIXTURE = "RF6001";
    public static final String NO_FIXTURES = "RF6002";
    public static final String NO_POSITIVES = "RF6003";
    public static final String ENGINE_REJECTS = "RF6004";
    public static final String NOT_TESTABLE = "RF6005";
    /** A lucene-language rule using syntax whose matching the evaluator does not model (fuzzy terms, phrase slop …). */
    public static final String LUCENE_NOT_EVALUATED = "RF6302";
    public static final String EQL_DISAGREES = "RF6006";
    /** The Elasticsearch given to decide fixtures (--engine / engineUrl) could not be used. */
    public static final String ENGINE_UNAVAILABLE = "RF6007";
    /** A rule file whose name cannot name a fixture folder ({@code ..toml}). */
    public static final String NO_FIXTURE_FOLDER = "RF6008";
    /** A fixture folder no rule file reads, or a file in a fixture folder that is not a fixture file. */
    public static final String STRAY_FIXTURE = "RF6009";
    /** The fixtures directory (--fixtures / fixturesDirectory) does not exist or cannot be listed. */
    public static final String NO_FIXTURES_DIRECTORY = "RF6010";
    /** A fixture value Elasticsearch cannot index for its field's type. */
    public static final String UNINDEXABLE_VALUE = "RF6011";
    /** A rule's IP exclusions call for more generated cases than the per-rule cap; the rest are not run. */
    public static final String GENERATED_CASES_CAPPED = "RF6012";
    /** A fixture case that did not behave, as a finding at its fixture line (SARIF). */
    public static final String FAILED_CASE = "RF6013";

    private HarnessCodes() {
    }
}
