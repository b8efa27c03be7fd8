package io.ruleforge.evaluate.engine;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an Elasticsearch cluster is and how to authenticate to it. Credentials come from the environment only —
 * {@value #API_KEY} (an encoded API key, sent as {@code Authorization: ApiKey …}) or {@value #USERNAME} and
 * {@value #PASSWORD} (basic authentication) — and are never part of {@link #toString()} or any message.
 *
 * @param url           the cluster's base URL, e.g. {@code https://es.example.com:9243}
 * @param authorization the {@code Authorization} header value, when credentials were given
 */
public record EngineConnection(URI url, Optional<String> authorization) {

    public static final String API_KEY = "RULEFORGE_ES_API_KEY";
    public static final String USERNAME = "RULEFORGE_ES_USERNAME";
    public static final String PASSWORD = "RULEFORGE_ES_PASSWORD";

    public EngineConnection {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(authorization, "authorization");
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("engine URL must be http://host[:port] or https://host[:port], found \""
                    + url + "\"");
        }
    }

    /** An unauthenticated connection (a local test node). */
    public static EngineConnection anonymous(URI url) {
        return new EngineConnection(url, Optional.empty());
    }

    /** A connection to {@code url} with the credentials the environment holds, if any. */
    public static EngineConnection fromEnvironment(URI url, Map<String, String> environment) {
        String apiKey = environment.get(API_KEY);
        if (apiKey != null && !apiKey.isBlank()) {
            return new EngineConnection(url, Optional.of("ApiKey " + apiKey.trim()));
        }
        String user = environment.get(USERNAME);
        if (user != null && !user.isBlank()) {
            String password = environment.getOrDefault(PASSWORD, "");
            String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return new EngineConnection(url, Optional.of("Basic " + token));
        }
        return anonymous(url);
    }

    /** The URL without path, query or user info: what reports show. */
    public String displayUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
    }

    /** How the connection authenticates, never the secret itself. */
    public String authenticationKind() {
        return authorization.map(a -> a.startsWith("ApiKey ") ? "API key" : "basic authentication").orElse("none");
    }

    @Override
    public String toString() {
        return "EngineConnection[" + displayUrl() + ", authentication: " + authenticationKind() + "]";
    }
}
