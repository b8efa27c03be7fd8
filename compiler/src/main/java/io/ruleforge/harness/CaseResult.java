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
        return (testCase.mustFire() ? "expected the rule to fire on " : "expected the rule to stay quiet on ")
                + testCase.subject() + ", but it " + (fired ? "fired" : "stayed quiet") + ": " + explanation;
    }
}
