package io.ruleforge.evaluate;

import io.ruleforge.cli.RuleforgeCli;
import io.ruleforge.testing.LocalElasticsearch;
import io.ruleforge.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault injection: live mode over the project's rules while the test Elasticsearch is killed part way (at the last
 * temporary index but one that a whole run creates, counted by a proxy in front of the node in a first run; the proxy
 * closes too, so the URL refuses connections as a dead node's does). The run ends in one RF6007 error naming the
 * rules decided before and the rules not decided, and writes no rule's report (one report says why).
 */
class EngineFaultIT {

    private static final String INDEX_CREATION = "PUT /ruleforge-test";

    @TempDir
    Path dir;

    private LocalElasticsearch node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private Run liveMode(Path rules, Path out, int port) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int exit = RuleforgeCli.run(new String[]{"test", "--rules", rules.toString(),
                        "--fixtures", System.getProperty("ruleforge.fixtures"), "--out", out.toString(),
                        "--engine", "http://127.0.0.1:" + port, "--retries", "2", "--retry-time", "10"},
                new PrintWriter(stdout, true), new PrintWriter(stderr, true));
        return new Run(exit, stdout.toString(), stderr.toString());
    }

    @Test
    void aClusterDyingMidRunEndsInOneErrorNamingDecidedAndUndecidedRules() throws IOException {
        node = LocalElasticsearch.start();
        Path rules = Path.of(System.getProperty("ruleforge.rules"));
        AtomicInteger creations = new AtomicInteger();
        AtomicInteger killAt = new AtomicInteger(Integer.MAX_VALUE);
        TcpProxy[] proxy = new TcpProxy[1];
        proxy[0] = TcpProxy.start(node.url(), Optional.empty(), line -> {
            if (line.startsWith(INDEX_CREATION) && creations.incrementAndGet() == killAt.get()) {
                node.kill();
                proxy[0].close();
            }
        });
        // a whole run first, through the same proxy, counts the temporary indices a run creates
        Run whole = liveMode(rules, dir.resolve("whole"), proxy[0].port());
        assertThat(whole.exit()).as(whole.out() + whole.err()).isEqualTo(RuleforgeCli.EXIT_OK);
        int perRun = creations.getAndSet(0);
        // the index before last belongs to a late rule: the rules before it are decided, it (and any after it) not
        killAt.set(perRun - 1);

        Run r = liveMode(rules, dir.resolve("out"), proxy[0].port());
        String out = r.out();
        int exit = r.exit();
        String all = r.out() + r.err();

        assertThat(creations.get()).as("the node was killed mid-run").isEqualTo(perRun - 1);
        assertThat(exit).as(all).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(all).as("no stack trace").doesNotContain("\tat ").doesNotContain("internal error");
        assertThat(out.split("RF6007", -1)).as(all).hasSize(2);
        // the node's pooled connections drop, then its port refuses them: either is what the last attempt met
        assertThat(out).containsAnyOf("refused the connection", "dropped the connection")
                .contains("gave up on ").contains("after 3 attempts");

        Matcher decided = Pattern.compile("decided before it failed \\((\\d+)\\): ([^;]*); not decided \\((\\d+)\\): ([^;]*);")
                .matcher(out);
        assertThat(decided.find()).as(all).isTrue();
        int decidedCount = Integer.parseInt(decided.group(1));
        int undecidedCount = Integer.parseInt(decided.group(3));
        List<String> ruleFiles;
        try (Stream<Path> files = Files.list(rules)) {
            ruleFiles = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".toml") || n.endsWith(".yaml")
                    || n.endsWith(".yml")).sorted().toList();
        }
        // more than the ES|QL rule, which is decided in-process before the first rule the cluster decides
        assertThat(decidedCount).as("rules decided before the kill").isBetween(2, ruleFiles.size() - 1);
        assertThat(decidedCount + undecidedCount).as("every rule is named once").isEqualTo(ruleFiles.size());
        for (String file : ruleFiles) {
            boolean inDecided = decided.group(2).contains(file);
            boolean inUndecided = decided.group(4).contains(file);
            assertThat(inDecided ^ inUndecided).as(file + " named as decided or as not decided").isTrue();
        }
        // no rule's report, half-written or not: the one report there says why the run stopped
        try (Stream<Path> written = Files.list(dir.resolve("out/reports"))) {
            assertThat(written.map(p -> p.getFileName().toString())).as("no rule's report").containsExactly("TEST-ruleforge.build.xml");
        }
    }
}
