package io.ruleforge.backtest;

import io.ruleforge.cli.RuleforgeCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ruleforge backtest} where no cluster is needed to judge it: a bad range, a cluster that is not there. */
class BacktestCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RuleforgeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private String rules() {
        return System.getProperty("ruleforge.rules", "../rules");
    }

    @Test
    void aRangeThatIsNeitherDateMathNorADateIsBadUsage() {
        Run r = cli("backtest", "--rules", rules(), "--out", dir.resolve("out").toString(), "--engine", "http://127.0.0.1:9",
                "--from", "last tuesday");
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(r.err()).contains("backtest range: from \"last tuesday\"").doesNotContain("Exception");
        assertThat(dir.resolve("out/backtest.md")).doesNotExist();
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsBadUsage() {
        Run r = cli("backtest", "--rules", rules(), "--out", dir.resolve("out").toString(), "--engine", "http://127.0.0.1:9",
                "--from", "now-1d", "--to", "now-2d");
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(r.err()).contains("is before from \"now-1d\"");
    }

    @Test
    void aClusterThatIsNotThereIsOneErrorAndNothingIsWritten() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path out = dir.resolve("out");
        Run r = cli("backtest", "--rules", rules(), "--out", out.toString(), "--engine", "http://127.0.0.1:" + port, "--from", "now-7d",
                "--retries", "0");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(r.out()).contains("RF6007", "backtest stopped, nothing written", "Elasticsearch at http://127.0.0.1:" + port + " refused the connection",
                "; no rule decided (");
        // nothing was decided: a list of every rule file would bury the reason in a line of a thousand characters
        assertThat(r.out().lines().filter(l -> l.contains("RF6007"))).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .doesNotContain("command_prompt_network_connection.toml");
        assertThat(out.resolve("backtest.md")).doesNotExist();
        assertThat(out.resolve("backtest.json")).doesNotExist();
        assertThat(Files.exists(out.resolve("ruleforge.sarif"))).isTrue();
    }

    @Test
    void aClusterThatDropsEveryConnectionIsTriedWithinOneRetryBudgetForTheWholeRun() throws Exception {
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        try (ServerSocket dropping = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!dropping.isClosed()) {
                    try (java.net.Socket s = dropping.accept()) {
                        accepted.incrementAndGet(); // closed at once: the call's connection is lost
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Path out = dir.resolve("out");
            Run r = cli("backtest", "--rules", rules(), "--out", out.toString(), "--engine",
                    "http://127.0.0.1:" + dropping.getLocalPort(), "--from", "now-7d", "--retries", "1");
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(RuleforgeCli.EXIT_FAILED);
            assertThat(r.out()).contains("RF6007", "no rule decided (");
            assertThat(out.resolve("backtest.md")).doesNotExist();
        }
        // the probe's attempts end the run: 1 + 1 retry, each a GET the JDK's client itself sends again once on a
        // connection closed before the answer — 4 connections; a rule's search spending a second budget would add 2
        assertThat(accepted.get()).isEqualTo(4);
    }
}
