package io.ruleforge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code test --engine URL} without a reachable engine fails clearly, without a stack trace or a verdict. */
class RuleforgeCliEngineTest {

    @TempDir
    Path dir;

    @Test
    void anUnreachableEngineFailsTheTestStageWithAClearError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RuleforgeCli.run(new String[] {"test", "--rules", "../rules", "--fixtures", "../test-fixtures",
                "--out", dir.toString(), "--engine", "http://elastic:s3cret@127.0.0.1:" + closedPort, "--retries", "1"}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(exit).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(out.toString()).contains("[RF6007]").contains("Elasticsearch at http://127.0.0.1:" + closedPort + " refused the connection")
                .contains("after 2 attempts")
                .contains("fixtures not run").doesNotContain("s3cret");
        // the SARIF says why, as after any run, and carries no credential either
        String sarif = java.nio.file.Files.readString(dir.resolve("ruleforge.sarif"));
        assertThat(sarif).contains("\"RF6007\"").doesNotContain("s3cret");
    }

    @Test
    void anEngineThatIsNotAUrlIsAUsageError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RuleforgeCli.run(new String[] {"test", "--rules", "../rules", "--out", dir.toString(), "--engine", "localhost:9200"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("engine URL must be http://host[:port]");
        StringWriter unparsable = new StringWriter();
        exit = RuleforgeCli.run(new String[] {"test", "--rules", "../rules", "--out", dir.toString(), "--engine=http://"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(unparsable, true));
        assertThat(exit).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(unparsable.toString()).startsWith("Invalid value for option '--engine': expected a URL such as"
                + " https://localhost:9200, found 'http://': Expected authority at character 8").doesNotContain("java.net");
    }
}
