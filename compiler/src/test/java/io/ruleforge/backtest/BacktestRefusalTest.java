package io.ruleforge.backtest;

import com.sun.net.httpserver.HttpServer;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.evaluate.engine.EngineConnection;
import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.RuleforgeOptions;
import io.ruleforge.pipeline.StageReport;
import io.ruleforge.kql.KibanaVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster that refuses some requests with 403 (the credentials lack a privilege), as a stub: one rule's search refused
 * is that rule's error and the others are searched; the first request refused ends the run with Elasticsearch's reason.
 */
class BacktestRefusalTest {

    private static final String FORBIDDEN = """
            {"error":{"root_cause":[{"type":"security_exception","reason":"action [indices:data/read/search] is unauthorized for user [ro-backtest] with effective roles [viewer] on indices [logs-endpoint.events.process-default]"}],
             "type":"security_exception","reason":"action [indices:data/read/search] is unauthorized"},"status":403}""";
    private static final Map<String, String> CREDENTIALS = Map.of(EngineConnection.USERNAME, "ro-backtest",
            EngineConnection.PASSWORD, "s3cret-pass");

    @TempDir
    Path dir;

    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** A cluster answering 403 to the requests {@code refused} picks, and an empty answer (nothing found) to the others. */
    private URI cluster(Predicate<String> refused) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            exchange.getRequestBody().readAllBytes();
            boolean no = refused.test(path);
            String body = no ? FORBIDDEN : path.startsWith("/_nodes") ? "{\"nodes\":{\"n1\":{\"version\":\"8.19.21\"}}}" : "{}";
            byte[] out = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(no ? 403 : 200, out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private StageReport backtest(URI url) {
        Path rules = Path.of(System.getProperty("ruleforge.rules", "../rules"));
        Ruleforge ruleforge = new Ruleforge(new RuleforgeOptions(rules, dir.resolve("fixtures"), dir.resolve("out"), rules.getParent(),
                List.of(), KibanaVersion.DEFAULT, "ecs", false));
        return ruleforge.backtest(new BacktestRun.Request(url, "now-1d", "now", Clock.systemUTC(), CREDENTIALS));
    }

    @Test
    void aSearchRefusedForLackOfAPrivilegeIsThatRulesErrorAndTheOtherRulesAreSearched() throws IOException {
        // msbuild_started_by_script_host alone searches logs-endpoint.events.process-*
        StageReport report = backtest(cluster(path -> path.startsWith("/logs-endpoint.events.process-*/")));
        List<Diagnostic> errors = report.diagnostics().stream().filter(d -> d.code().equals(BacktestCodes.REJECTED)).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).message())
                .contains("MSBuild Started by a Script Host", "HTTP 403: security_exception: action [indices:data/read/search] is unauthorized for user [redacted]",
                        "on indices [logs-endpoint.events.process-default]",
                        "the user name and password in RULEFORGE_ES_USERNAME/RULEFORGE_ES_PASSWORD authenticated, but their roles lack the privilege",
                        "grant them the index privilege read on logs-endpoint.events.process-*")
                .doesNotContain("ro-backtest").doesNotContain("s3cret").doesNotContain("set RULEFORGE");
        assertThat(report.diagnostics()).noneMatch(d -> d.code().equals(BacktestCodes.ENGINE_UNAVAILABLE));
        assertThat(dir.resolve("out/backtest.md")).exists();
        assertThat(report.summary()).anyMatch(line -> line.contains("1 rejected by the cluster"));
    }

    /**
     * A key that may read the rules' indices but not the cluster's nodes (no monitor privilege) backtests: the version
     * probe's 403 is no reason to stop; a cluster refusing every search makes each rule's error, naming the privilege.
     */
    @Test
    void aKeyWithoutTheMonitorPrivilegeStillBacktestsAndEveryRefusedSearchIsItsRulesError() throws IOException {
        StageReport readOnly = backtest(cluster(path -> path.startsWith("/_nodes")));
        assertThat(readOnly.diagnostics()).noneMatch(d -> d.severity() == io.ruleforge.diag.Severity.ERROR);
        assertThat(dir.resolve("out/backtest.md")).exists();
        assertThat(java.nio.file.Files.readString(dir.resolve("out/backtest.md"))).contains("the credentials lack the cluster privilege monitor");
        server.stop(0);

        StageReport refused = backtest(cluster(path -> true));
        List<Diagnostic> errors = refused.diagnostics().stream().filter(d -> d.severity() == io.ruleforge.diag.Severity.ERROR).toList();
        assertThat(errors).isNotEmpty().allSatisfy(e -> {
            assertThat(e.code()).isEqualTo(BacktestCodes.REJECTED);
            assertThat(e.message()).contains("grant them the index privilege read on").doesNotContain("ro-backtest");
        });
    }
}
