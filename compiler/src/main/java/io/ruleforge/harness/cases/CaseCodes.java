package io.ruleforge.harness.cases;

import io.ruleforge.diag.Code;

/** Diagnostic codes of multi-event cases and alert checks (RF62xx). */
public final class CaseCodes {
    /** A case file that cannot be read or does not follow the case format. */
    public static final String BAD_CASE = Code.RF6201.id();
    /**
     * A rule whose alerts need several events (threshold, new_terms, indicator match, alert suppression) tested only
     * with single-event {@code positive.ndjson}/{@code negative.ndjson}: one event never shows what it alerts on.
     */
    public static final String SINGLE_EVENT_FIXTURES = Code.RF6202.id();
    /** Case files for a rule whose alerts ruleforge does not reproduce yet: they are not run. */
    public static final String CASES_NOT_RUN = Code.RF6203.id();
    /** A file in a rule's {@code cases/} folder that is not a {@code .json} case file: it is never read. */
    public static final String STRAY_CASE_FILE = Code.RF6205.id();

    private CaseCodes() {
    }
}
