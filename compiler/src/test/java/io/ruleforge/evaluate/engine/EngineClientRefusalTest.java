package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A cluster that refuses who is asking (401), or what they may do (403), and a host name no resolver knows: each is
 * one line saying what Elasticsearch said and what to fix, with no credential in it.
 */
class EngineClientRefusalTest {

    private static final String FORBIDDEN = """
            {"error":{"root_cause":[{"type":"security_exception","reason":"action [indices:data/read/search] is unauthorized for user [ro-backtest] with effective roles [viewer] on indices [winlogbeat-2024.05.01]"}],
             "type":"security_exception","reason":"action [indices:data/read/search] is unauthorized"},"status":403}""";
    private static final String UNAUTHENTICATED = """
            {"error":{"root_cause":[{"type":"security_exception","reason":"unable to authenticate user [ro-backtest] for REST request [/_nodes/_local]"}],
             "type":"security_exception","reason":"unable to authenticate user [ro-backtest] for REST request [/_nodes/_local]"},"status":401}""";

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();

    private URI cluster(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            JsonAnswer.respond(exchange, status, body);
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static EngineClient client(URI url, Map<String, String> environment) {
        return new EngineClient(EngineConnection.fromEnvironment(url, environment));
    }

    @Test
    void aForbiddenRequestIsAForbiddenErrorWithElasticsearchsReasonAndNoCredential() throws IOException {
        URI url = cluster(403, FORBIDDEN);
        Throwable refused = catchThrowable(() -> client(url, Map.of(EngineConnection.USERNAME, "ro-backtest",
                EngineConnection.PASSWORD, "s3cret-pass")).post("/winlogbeat-*/_search", JsonNodeFactory.instance.objectNode()));
        assertThat(refused).isInstanceOf(EngineException.Forbidden.class);
        assertThat(refused.getMessage())
                .contains("refused POST /winlogbeat-*/_search (HTTP 403: security_exception: action [indices:data/read/search] "
                        + "is unauthorized for user [redacted] with effective roles [viewer] on indices [winlogbeat-2024.05.01])")
                .contains("the user name and password in RULEFORGE_ES_USERNAME/RULEFORGE_ES_PASSWORD authenticated, but their roles lack the privilege")
                .doesNotContain("ro-backtest").doesNotContain("s3cret-pass").doesNotContain("set RULEFORGE").doesNotContain("\n");
        assertThat(calls.get()).as("a refusal is not retried").isEqualTo(1);
    }

    @Test
    void refusedCredentialsAreNamedByKindNeverByValue() throws IOException {
        URI url = cluster(401, UNAUTHENTICATED);
        assertThatThrownBy(() -> client(url, Map.of(EngineConnection.API_KEY, "aWQxMjM0NTY3ODk6c2VjcmV0LXNlY3JldA==")).get("/_nodes/_local"))
                .isInstanceOf(EngineException.class).isNotInstanceOf(EngineException.Forbidden.class)
                .hasMessageContaining("(HTTP 401: security_exception: unable to authenticate user [ro-backtest]")
                .hasMessageContaining("it did not accept the API key in RULEFORGE_ES_API_KEY")
                .hasMessageNotContaining("aWQxMjM0NTY3ODk6c2VjcmV0LXNlY3JldA==").hasMessageNotContaining("set RULEFORGE");
        assertThatThrownBy(() -> client(url, Map.of(EngineConnection.USERNAME, "ro-backtest", EngineConnection.PASSWORD, "s3cret-pass"))
                .get("/_nodes/_local"))
                .hasMessageContaining("it did not accept the user name and password in RULEFORGE_ES_USERNAME/RULEFORGE_ES_PASSWORD")
                .hasMessageContaining("unable to authenticate user [redacted]")
                .hasMessageNotContaining("ro-backtest").hasMessageNotContaining("s3cret-pass");
    }

    @Test
    void withoutCredentialsARefusalSaysToGiveThem() throws IOException {
        URI url = cluster(401, UNAUTHENTICATED);
        assertThatThrownBy(() -> client(url, Map.of()).get("/_nodes/_local"))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("it needs credentials: set RULEFORGE_ES_API_KEY, or RULEFORGE_ES_USERNAME and RULEFORGE_ES_PASSWORD");
    }

    /** A 403 to an anonymous user is about the request's indices too: a Forbidden the caller may confine to one rule. */
    @Test
    void anAnonymousForbiddenRequestIsConfinableToo() throws IOException {
        URI url = cluster(403, FORBIDDEN);
        assertThatThrownBy(() -> client(url, Map.of()).get("/_nodes/_local"))
                .isInstanceOf(EngineException.Forbidden.class)
                .hasMessageContaining("it needs credentials").hasMessageContaining("whose roles grant it");
    }

    /** A short password is redacted where Elasticsearch quotes it in brackets, never left in the message. */
    @Test
    void aShortSecretQuotedInBracketsIsRedacted() {
        EngineConnection connection = EngineConnection.fromEnvironment(URI.create("http://localhost:9200"),
                Map.of(EngineConnection.USERNAME, "ro", EngineConnection.PASSWORD, "pw1"));
        assertThat(connection.redact("password [pw1] for user [ro] is wrong; pw1 elsewhere")).isEqualTo(
                "password [redacted] for user [redacted] is wrong; pw1 elsewhere");
    }

    @Test
    void aHostNameThatCannotBeResolvedIsSaidSoAndNotRetried() {
        EngineClient client = new EngineClient(EngineConnection.anonymous(URI.create("http://no-such-host.invalid:9200")),
                EngineSettings.DEFAULT.withRetries(new RetryPolicy(4, Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(10))));
        long began = System.nanoTime();
        assertThatThrownBy(() -> client.get("/_nodes/_local"))
                .isInstanceOf(EngineException.class)
                .hasMessage("Elasticsearch at http://no-such-host.invalid:9200 cannot be reached: the host name no-such-host.invalid "
                        + "cannot be resolved (UnresolvedAddressException); check the host of the engine URL or cloud id");
        // a retry would wait 2.5 s at least (half of the first 5 s step)
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofMillis(2_500));
    }
}
