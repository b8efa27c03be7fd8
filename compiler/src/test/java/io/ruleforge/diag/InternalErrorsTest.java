package io.ruleforge.diag;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InternalErrorsTest {

    @Test
    void aFaultIsOneLineNamingTheRuleTheFaultAndWhereItWasThrownWithoutAStackTrace() {
        ArithmeticException fault = new ArithmeticException("long overflow\n\tat somewhere");
        fault.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("io.ruleforge.evaluate.eql.SequenceMatcher", "<init>", "SequenceMatcher.java", 47)});

        Diagnostic d = InternalErrors.diagnostic("rules/x.toml", "testing this rule", fault);

        assertThat(d.format()).isEqualTo("rules/x.toml: error: internal error while testing this rule, please report: "
                + "ArithmeticException: long overflow (SequenceMatcher.java:47) [RF9999]");
        assertThat(d.isError()).isTrue();
    }
}
