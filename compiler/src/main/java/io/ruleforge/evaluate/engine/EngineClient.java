package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * The few Elasticsearch REST calls the engine stage needs, over {@link HttpClient} with JSON bodies. Answers
 * with any status are returned (callers decide what an error means); only an unreachable engine or a body that
 * is not JSON throws {@link EngineException}. Thread-safe.
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

    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final EngineConnection connection;
    private final HttpClient http;
    private final ObjectMapper json;

    public EngineClient(EngineConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.json = new ObjectMapper();
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
            Response nodes = get("/_nodes/_local?filter_path=nodes.*.version");
            JsonNode node = nodes.body().path("nodes").elements().hasNext() ? nodes.body().path("nodes").elements().next() : null;
            if (nodes.ok() && node != null && node.hasNonNull("version")) {
                return "Elasticsearch " + node.get("version").asText() + " at " + connection.displayUrl();
            }
        } catch (EngineException unreadable) {
            // fall through to the URL alone
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
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        connection.authorization().ifPresent(a -> request.header("Authorization", a));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EngineException("cannot reach Elasticsearch at " + connection.displayUrl() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while talking to Elasticsearch at " + connection.displayUrl(), e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new EngineException("Elasticsearch at " + connection.displayUrl() + " refused " + method + " " + uri.getPath()
                    + " (HTTP " + response.statusCode() + ", authentication: " + connection.authenticationKind()
                    + "); set " + EngineConnection.API_KEY + " or " + EngineConnection.USERNAME + "/" + EngineConnection.PASSWORD);
        }
        String text = response.body();
        try {
            JsonNode parsed = text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
            return new Response(response.statusCode(), parsed);
        } catch (JsonProcessingException e) {
            throw new EngineException("Elasticsearch at " + connection.displayUrl() + " answered " + method + " " + uri.getPath()
                    + " with HTTP " + response.statusCode() + " and a body that is not JSON: "
                    + text.substring(0, Math.min(200, text.length())), e);
        }
    }
}
