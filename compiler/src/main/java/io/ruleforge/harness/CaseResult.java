package io.ruleforge.harness;

/**
 * The verdict on one test case.
 *
 * @param fired       whether the rule matched the event; for an alert case, whether the run wrote the alerts it states
 * @param explanation which clause decided, in the evaluator's words
 */
public record CaseResult(TestCase testCase, boolean fired, String explanation) {

    public boolean passed() {
        return fired == testCase.mustFire();
    }

    /** One line saying what went wrong, for reports. Empty when the case passed. */
    public String failureMessage() {
        if (passed()) {
            return "";
        }
        if (testCase.kind().isAlertCase()) {
            return testCase.subject() + ": " + explanation;
        }
        return describeFailure(testCase.subject(), testCase.mustFire(), fired, explanation);
    }

    /**
     * The words of a failing case, wherever it is shown (console, JUnit XML, SARIF, a replayed summary).
     *
     * @param event    the event, as {@link TestCase#subject()} names it
     * @param mustFire what was expected
     * @param fired    what happened
     * @param reason   which clause decided, in the evaluator's words
     */
    public static String describeFailure(String event, boolean mustFire, boolean fired, String reason) {
        return (mustFire ? "expected the rule to fire on " : "expected the rule to stay quiet on ")
                + event + ", but it " + (fired ? "fired" : "stayed quiet") + ": " + reason;
    }
}
