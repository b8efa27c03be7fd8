package io.ruleforge.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ExplainCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RuleforgeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void explainsACodeWithItsSeverityTitleAndWhatToDo() {
        Run r = run("explain", "RF2009");
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_OK);
        assertThat(r.out()).startsWith("RF2009 (warning): rule_id is not a UUID").contains("uuidgen");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void anUnknownCodeIsAUsageErrorNamingTheClosest() {
        Run r = run("explain", "RF2090");
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("unknown diagnostic code RF2090; did you mean RF2009");
    }

    @Test
    void somethingThatIsNotACodeSaysWhatACodeLooksLike() {
        Run r = run("explain", "uuid");
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(r.err()).contains("expected a diagnostic code such as RF2009, found \"uuid\"");
    }

    @Test
    void withoutACodeListsEveryCode() {
        Run r = run("explain");
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_OK);
        assertThat(r.out()).contains("RF1001", "RF6013", "RF8002", "RF9999");
    }
}
