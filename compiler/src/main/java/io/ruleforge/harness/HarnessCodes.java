package io.ruleforge.harness;

import io.ruleforge.diag.Code;

/** Diagnostic codes of the test harness (RF6xxx). */
public final class HarnessCodes {
    public static final String BAD_FIXTURE = Code.RF6001.id();
    public static final String NO_FIXTURES = Code.RF6002.id();
    public static final String NO_POSITIVES = Code.RF6003.id();
    public static final String NO_RULE_TESTED = Code.RF6017.id();
    public static final String ENGINE_REJECTS = Code.RF6004.id();
    public static final String NOT_TESTABLE = Code.RF6005.id();
    public static final String EQL_DISAGREES = Code.RF6006.id();
    /** A lucene-language rule using syntax whose matching the evaluator does not model (fuzzy terms, phrase slop …). */
    public static final String LUCENE_NOT_EVALUATED = Code.RF6302.id();
    /** The Elasticsearch given to decide fixtures (--engine / engineUrl) could not be used. */
    public static final String ENGINE_UNAVAILABLE = Code.RF6007.id();
    /** A rule file whose name cannot name a fixture folder ({@code ..toml}). */
    public static final String NO_FIXTURE_FOLDER = Code.RF6008.id();
    /** A fixture folder no rule file reads, or a file in a fixture folder that is not a fixture file. */
    public static final String STRAY_FIXTURE = Code.RF6009.id();
    /** The fixtures directory (--fixtures / fixturesDirectory) does not exist or cannot be listed. */
    public static final String NO_FIXTURES_DIRECTORY = Code.RF6010.id();
    /** A fixture value Elasticsearch cannot index for its field's type. */
    public static final String UNINDEXABLE_VALUE = Code.RF6011.id();
    /** A rule's IP exclusions call for more generated cases than the per-rule cap; the rest are not run. */
    public static final String GENERATED_CASES_CAPPED = Code.RF6012.id();
    /** A fixture case that did not behave, as a finding at its fixture line (SARIF). */
    public static final String FAILED_CASE = Code.RF6013.id();
    /**
     * An ES|QL query the evaluator cannot run on fixtures: a command or function ruleforge does not evaluate, or
     * a query Elasticsearch would refuse (unknown column, mismatched types).
     */
    public static final String ESQL_NOT_EVALUATED = Code.RF6014.id();
    /** A rule with exception lists, whose items live in Kibana: its verdicts here are without them. */
    public static final String EXCEPTIONS_NOT_APPLIED = Code.RF6015.id();
    public static final String EXCEPTION_LIST_TYPO = Code.RF6018.id();
    public static final String NOT_MODELLED = Code.RF6016.id();

    private HarnessCodes() {
    }
}
