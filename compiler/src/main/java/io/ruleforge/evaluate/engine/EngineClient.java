package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The few Elasticsearch REST calls the engine stage needs, over {@link HttpClient} with JSON bodies. Answers
 * with any status are returned (callers decide what an error means); an unreachable or untrusted engine, a busy one
 * that stays busy through the retry budget ({@link RetryPolicy}), or a body that is not JSON throws
 * {@link EngineException}. Thread-safe.
 */
public final class EngineClient {

    /**
     * One answer.
     *
     * @param status the HTTP status
     * @param body   the parsed JSON body (an empty object when there was none)
     */
    public record Response(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Elasticsearch's own words for an error answer: the deepest cause's type and reason. */
        public String errorReason() {
            return EngineErrors.reason(body);
        }
    }

    private final EngineConnection connection;
    private final EngineSettings settings;
    private final HttpClient http;
    private final ObjectMapper json;

    /** A client with {@link EngineSettings#DEFAULT}: the JDK's CAs, default timeouts and retries. */
    public EngineClient(EngineConnection connection) {
        this(connection, EngineSettings.DEFAULT);
    }

    public EngineClient(EngineConnection connection, EngineSettings settings) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.settings = Objects.requireNonNull(settings, "settings");
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.connectTimeout());
        settings.trust().sslContext().ifPresent(builder::sslContext);
        this.http = builder.build();
        this.json = new ObjectMapper();
    }

    public EngineSettings settings() {
        return settings;
    }

    public EngineConnection connection() {
        return connection;
    }

    public ObjectMapper json() {
        return json;
    }

    public Response get(String path) {
        return send("GET", path, null, "application/json");
    }

    public Response delete(String path) {
        return send("DELETE", path, null, "application/json");
    }

    public Response put(String path, JsonNode body) {
        return send("PUT", path, write(body), "application/json");
    }

    public Response post(String path, JsonNode body) {
        return send("POST", path, write(body), "application/json");
    }

    /** POSTs newline-delimited JSON ({@code _bulk}, {@code _msearch}); {@code ndjson} must end with a newline. */
    public Response postNdjson(String path, String ndjson) {
        return send("POST", path, ndjson, "application/x-ndjson");
    }

    /** "Elasticsearch 8.19.21 at http://127.0.0.1:9200", or just the URL when the version cannot be read. */
    public String describeEngine() {
        try {
            return describeReachableEngine();
        } catch (EngineException unreadable) {
            return "Elasticsearch at " + connection.displayUrl();
        }
    }

    /**
     * As {@link #describeEngine()}, but a cluster that cannot be reached (or whose certificate is not trusted, or
     * that refuses the credentials) is an {@link EngineException} here: for a run whose every step needs the cluster,
     * which would otherwise spend the retry budget on this probe and then again on its first real call. Credentials
     * refused only the nodes' version (403) go on: a read-only key needs no cluster privilege.
     */
    public String describeReachableEngine() {
        Response nodes;
        try {
            nodes = get("/_nodes/_local?filter_path=nodes.*.version");
        } catch (EngineException.Forbidden readOnly) {
            // credentials that may read the rules' indices but not the cluster's nodes (no monitor privilege): the
            // cluster is reachable and they are valid, which is all a read-only run needs
            return "Elasticsearch at " + connection.displayUrl() + " (its version not shown: "
                    + (connection.authorization().isEmpty() ? "an anonymous user may not read it" : "the credentials lack the"
                    + " cluster privilege monitor") + ")";
        }
        JsonNode node = nodes.body().path("nodes").elements().hasNext() ? nodes.body().path("nodes").elements().next() : null;
        if (nodes.ok() && node != null && node.hasNonNull("version")) {
            return "Elasticsearch " + node.get("version").asText() + " at " + connection.displayUrl();
        }
        return "Elasticsearch at " + connection.displayUrl();
    }

    private String write(JsonNode body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response send(String method, String path, String body, String contentType) {
        URI uri = connection.url().resolve(path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", contentType);
        }
        connection.authorization().ifPresent(a -> builder.header("Authorization", a));
        HttpRequest request = builder.build();
        String call = method + " " + uri.getPath();
        RetryPolicy retries = settings.retries();
        long began = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Optional<Duration> retryAfter = Optional.empty();
            String failure;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (!RetryPolicy.retryableStatus(response.statusCode())) {
                    return answer(call, response);
                }
                retryAfter = retryAfter(response);
                failure = "answered HTTP " + response.statusCode() + busyReason(response);
            } catch (SSLException e) {
                throw new EngineException(TlsFailures.describe(connection, settings.trust(), e), e);
            } catch (IOException e) {
                Optional<SSLException> tls = TlsFailures.find(e);
                if (tls.isPresent()) {
                    throw new EngineException(TlsFailures.describe(connection, settings.trust(), tls.get()), e);
                }
                if (unresolvedHost(e)) {
                    // a name the resolver does not know will not be known a second later: retrying only delays the answer
                    throw new EngineException("Elasticsearch at " + connection.displayUrl() + " cannot be reached: the host name "
                            + connection.url().getHost() + " cannot be resolved (" + unresolvedCause(e).getClass().getSimpleName()
                            + "); check the host of the engine URL or cloud id", e);
                }
                failure = describe(e, settings);
                if (!neverSent(e) && !idempotent(method, uri.getPath())) {
                    // the cluster may have acted on it: sending it again could do it twice
                    throw new EngineException("Elasticsearch at " + connection.displayUrl() + " " + failure + " during " + call
                            + "; not retried, as the call is not idempotent", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("interrupted while talking to Elasticsearch at " + connection.displayUrl(), e);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - began);
            Optional<Duration> wait = retries.nextWait(attempt, elapsed, retryAfter, ThreadLocalRandom.current()::nextDouble);
            if (wait.isEmpty()) {
                throw new EngineException("Elasticsearch at " + connection.displayUrl() + " " + failure + "; gave up on " + call
                        + " after " + attempt + (attempt == 1 ? " attempt" : " attempts") + " in " + seconds(elapsed)
                        + retryAfter.map(d -> ", as it asked to wait " + seconds(d)).orElse("")
                        + " (retry budget: " + retries.maxAttempts() + (retries.maxAttempts() == 1 ? " attempt" : " attempts") + " within " + seconds(retries.budget()) + ")");
            }
            try {
                Thread.sleep(wait.get().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("interrupted while waiting to retry " + call + " on Elasticsearch at "
                        + connection.displayUrl(), e);
            }
        }
    }

    private Response answer(String call, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw refused(call, status, response.body());
        }
        String text = response.body();
        try {
            JsonNode parsed = text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
            return new Response(response.statusCode(), parsed);
        } catch (JsonProcessingException e) {
            throw new EngineException("Elasticsearch at " + connection.displayUrl() + " answered " + call
                    + " with HTTP " + response.statusCode() + " and a body that is not JSON: "
                    + text.substring(0, Math.min(200, text.length())), e);
        }
    }

    /**
     * A 401 or 403 in one line: Elasticsearch's reason (credentials it echoes redacted) and what to do — give
     * credentials when there were none, check them when they were refused (401), or grant the privilege the reason
     * names (403, a {@link EngineException.Forbidden}: the caller knows which indices the request read).
     */
    private EngineException refused(String call, int status, String body) {
        String reason;
        try {
            JsonNode parsed = json.readTree(body == null || body.isBlank() ? "{}" : body);
            reason = parsed.has("error") ? connection.redact(EngineErrors.reason(parsed)) : "no reason given";
        } catch (JsonProcessingException notJson) {
            reason = "no reason given";
        }
        String refusedCall = "Elasticsearch at " + connection.displayUrl() + " refused " + call + " (HTTP " + status + ": " + reason + ")";
        if (connection.authorization().isEmpty()) {
            String advice = "; it needs credentials: set " + EngineConnection.API_KEY + ", or " + EngineConnection.USERNAME
                    + " and " + EngineConnection.PASSWORD;
            // a 403 to an anonymous user is about this request's indices, as for one with credentials: the caller
            // may confine it to the one rule
            return status == 403 ? new EngineException.Forbidden(refusedCall + advice + " whose roles grant it")
                    : new EngineException(refusedCall + advice);
        }
        if (status == 401) {
            return new EngineException(refusedCall + "; it did not accept " + connection.credentialsSource()
                    + ": check that they are current and belong to this cluster");
        }
        return new EngineException.Forbidden(refusedCall + "; " + connection.credentialsSource()
                + " authenticated, but their roles lack the privilege for it");
    }

    /** The request never reached the cluster: no connection was made, so any call may be sent again. */
    private static boolean neverSent(IOException e) {
        return e instanceof ConnectException || e instanceof HttpConnectTimeoutException
                || e.getCause() instanceof ConnectException;
    }

    /** The host name has no address: the JDK's client reports it as a ConnectException caused by one of these. */
    static boolean unresolvedHost(IOException e) {
        return unresolvedCause(e) != null;
    }

    private static Throwable unresolvedCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                return t;
            }
        }
        return null;
    }

    /**
     * Whether sending the call twice does no more than sending it once: reads and writes of a whole resource, and the
     * searches, which are POSTs only because they carry a body.
     */
    static boolean idempotent(String method, String path) {
        return switch (method) {
            case "GET", "HEAD", "PUT", "DELETE" -> true;
            case "POST" -> path.endsWith("/_search") || path.endsWith("/_msearch") || path.endsWith("/_count")
                    || path.endsWith("/_eql/search") || path.endsWith("/_query");
            default -> false;
        };
    }

    /** The wait a 429 or 503 asks for: {@code Retry-After} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            String v = value.trim();
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    Duration d = Duration.between(Instant.now(), at);
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            }
        });
    }

    private String busyReason(HttpResponse<String> response) {
        try {
            JsonNode body = json.readTree(response.body() == null || response.body().isBlank() ? "{}" : response.body());
            return body.has("error") ? " (" + EngineErrors.reason(body) + ")" : "";
        } catch (JsonProcessingException notJson) {
            return "";
        }
    }

    /** What went wrong with the connection, as the end of "Elasticsearch at URL …". */
    private static String describe(IOException e, EngineSettings settings) {
        if (e instanceof HttpConnectTimeoutException) {
            return "accepted no connection within " + seconds(settings.connectTimeout());
        }
        if (e instanceof HttpTimeoutException) {
            return "gave no answer within " + seconds(settings.requestTimeout());
        }
        // the outermost exception names what happened (ConnectException); its causes are the client's internals
        String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return neverSent(e) ? "refused the connection (" + detail + ")" : "dropped the connection (" + detail + ")";
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
