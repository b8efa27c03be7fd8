package io.ruleforge.evaluate.engine;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A local HTTP server plays a busy cluster: the client retries 429 and 503 within its budget, then gives up clearly. */
class EngineClientRetryTest {

    private static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofSeconds(20), Duration.ofMillis(20), Duration.ofMillis(100));

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    /** Serves {@code statuses} in turn (the last one again and again), each with a small JSON body. */
    private EngineClient busyCluster(RetryPolicy policy, String retryAfter, int... statuses) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int call = calls.getAndIncrement();
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            int status = statuses[Math.min(call, statuses.length - 1)];
            if (retryAfter != null && status != 200) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            JsonAnswer.respond(exchange, status, status == 200 ? "{\"answer\":" + call + "}"
                    : "{\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"queue full\"},\"status\":" + status + "}");
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new EngineClient(EngineConnection.anonymous(url), EngineSettings.DEFAULT.withRetries(policy));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void busyAnswersAreRetriedUntilTheClusterAnswers() throws IOException {
        EngineClient client = busyCluster(QUICK, null, 429, 503, 200);
        EngineClient.Response response = client.get("/_cluster/health");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("answer").asInt()).as("the third call answered").isEqualTo(2);
        assertThat(seen).containsExactly("GET /_cluster/health", "GET /_cluster/health", "GET /_cluster/health");
    }

    @Test
    void aBulkRequestIsRetriedOnABusyAnswerToo() throws IOException {
        // a 429 means the cluster did not take the request, so even a non-idempotent call may be sent again
        EngineClient client = busyCluster(QUICK, null, 429, 200);
        assertThat(client.postNdjson("/index/_bulk", "{}\n").status()).isEqualTo(200);
        assertThat(seen).hasSize(2);
    }

    @Test
    void aClusterBusyThroughTheBudgetEndsInOneClearError() throws IOException {
        EngineClient client = busyCluster(QUICK, null, 503);
        assertThatThrownBy(() -> client.get("/_cluster/health"))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("Elasticsearch at http://127.0.0.1:" + server.getAddress().getPort()
                        + " answered HTTP 503 (es_rejected_execution_exception: queue full); gave up on GET /_cluster/health after 4 attempts")
                .hasMessageContaining("(retry budget: 4 attempts within 20.0 s)");
        assertThat(seen).hasSize(4);
    }

    @Test
    void aBudgetOfOneAttemptIsSaidInTheSingular() throws IOException {
        EngineClient client = busyCluster(new RetryPolicy(1, Duration.ofSeconds(20), Duration.ofMillis(10), Duration.ofMillis(50)), null, 503);
        assertThatThrownBy(() -> client.get("/_cluster/health"))
                .hasMessageContaining("after 1 attempt in ").hasMessageContaining("(retry budget: 1 attempt within 20.0 s)");
    }

    @Test
    void aRetryAfterBeyondTheBudgetEndsTheCallAtOnce() throws IOException {
        EngineClient client = busyCluster(QUICK, "3600", 429, 200);
        assertThatThrownBy(() -> client.get("/_search"))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("answered HTTP 429")
                .hasMessageContaining("gave up on GET /_search after 1 attempt").hasMessageContaining("as it asked to wait 3600.0 s");
        assertThat(seen).hasSize(1);
    }

    @Test
    void anOtherErrorStatusIsAnAnswerNotARetry() throws IOException {
        EngineClient client = busyCluster(QUICK, null, 400, 200);
        assertThat(client.get("/x").status()).isEqualTo(400);
        assertThat(seen).hasSize(1);
    }

    @Test
    void aClusterThatRefusesConnectionsIsTriedWithinTheBudgetThenNamed() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        EngineClient client = new EngineClient(EngineConnection.anonymous(URI.create("http://127.0.0.1:" + port)),
                EngineSettings.DEFAULT.withRetries(new RetryPolicy(3, Duration.ofSeconds(20), Duration.ofMillis(10), Duration.ofMillis(50))));
        assertThatThrownBy(() -> client.postNdjson("/index/_bulk", "{}\n"))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("Elasticsearch at http://127.0.0.1:" + port + " refused the connection (ConnectException")
                .hasMessageContaining("gave up on POST /index/_bulk after 3 attempts");
    }

    /** A cluster that reads each request and drops the connection without an answer, as a node dying mid-call does. */
    private int droppingCluster() throws IOException {
        ServerSocket dropping = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closers.add(dropping);
        Thread t = new Thread(() -> {
            while (!dropping.isClosed()) {
                try (Socket s = dropping.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    String requestLine = in.readLine();
                    for (String line = requestLine; line != null && !line.isEmpty(); line = in.readLine()) {
                        // read the headers: the request reached the node
                    }
                    seen.add(requestLine);
                } catch (IOException closed) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return dropping.getLocalPort();
    }

    private final List<AutoCloseable> closers = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeDroppers() throws Exception {
        for (AutoCloseable c : closers) {
            c.close();
        }
    }

    @Test
    void aDroppedConnectionIsRetriedForAnIdempotentCallOnly() throws IOException {
        int port = droppingCluster();
        EngineClient client = new EngineClient(EngineConnection.anonymous(URI.create("http://127.0.0.1:" + port)),
                EngineSettings.DEFAULT.withRetries(QUICK));
        assertThatThrownBy(() -> client.get("/_cluster/health"))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("dropped the connection")
                .hasMessageContaining("gave up on GET /_cluster/health after 4 attempts");
        // four attempts of ruleforge's; the JDK's client itself sends a GET once more on a dropped connection
        assertThat(seen).hasSizeBetween(4, 8);
        seen.clear();
        assertThatThrownBy(() -> client.postNdjson("/index/_bulk", "{}\n"))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("dropped the connection")
                .hasMessageEndingWith("during POST /index/_bulk; not retried, as the call is not idempotent");
        assertThat(seen).as("sent once: the node may have indexed it").hasSize(1);
    }

    @Test
    void searchesAreIdempotentBulkWritesAreNot() {
        assertThat(EngineClient.idempotent("POST", "/ruleforge-test-1/_search")).isTrue();
        assertThat(EngineClient.idempotent("POST", "/ruleforge-test-1/_msearch")).isTrue();
        assertThat(EngineClient.idempotent("PUT", "/ruleforge-test-1")).isTrue();
        assertThat(EngineClient.idempotent("POST", "/ruleforge-test-1/_bulk")).isFalse();
    }
}
