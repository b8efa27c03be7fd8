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

    /**
     * A connection to {@code url} with the credentials the environment holds, if any.
     *
     * @throws IllegalArgumentException when only one of {@value #USERNAME} and {@value #PASSWORD} is set (and no
     *                                  {@value #API_KEY}): running unauthenticated then would hide the mistake
     *                                  behind a 401 or, on an open cluster, succeed as someone else
     */
    public static EngineConnection fromEnvironment(URI url, Map<String, String> environment) {
        String apiKey = environment.get(API_KEY);
        if (apiKey != null && !apiKey.isBlank()) {
            return new EngineConnection(url, Optional.of("ApiKey " + apiKey.trim()));
        }
        String user = environment.get(USERNAME);
        String password = environment.get(PASSWORD);
        boolean hasUser = user != null && !user.isBlank();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasUser != hasPassword) {
            throw new IllegalArgumentException((hasUser ? USERNAME : PASSWORD) + " is set but " + (hasUser ? PASSWORD : USERNAME)
                    + " is not: set both for basic authentication, or " + API_KEY + " instead");
        }
        if (hasUser) {
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

    /** Where the credentials came from, for a message saying they were refused: the kind and variables, never values. */
    public String credentialsSource() {
        return authorization.map(a -> a.startsWith("ApiKey ") ? "the API key in " + API_KEY
                : "the user name and password in " + USERNAME + "/" + PASSWORD).orElse("no credentials");
    }

    /**
     * {@code text} (Elasticsearch's reason for refusing a request) without the credentials' parts it may echo: the user
     * name ({@code user [elastic]}), an API key's id or secret, a password.
     */
    public String redact(String text) {
        if (authorization.isEmpty()) {
            return text;
        }
        String header = authorization.get();
        String encoded = header.substring(header.indexOf(' ') + 1);
        String out = text.replace(encoded, "[redacted]");
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return out;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return out;
        }
        String name = decoded.substring(0, colon);
        String secret = decoded.substring(colon + 1);
        // passwords (6 characters at least in Elasticsearch) and key secrets; a shorter one would blank out common words
        if (secret.length() >= 4) {
            out = out.replace(secret, "[redacted]");
        } else if (!secret.isEmpty()) {
            out = out.replace("[" + secret + "]", "[redacted]"); // a short one only where Elasticsearch quotes it
        }
        // a user name or key id as Elasticsearch quotes it, in brackets: a short name elsewhere in the text is left alone
        return name.isEmpty() ? out : out.replace("[" + name + "]", "[redacted]");
    }

    @Override
    public String toString() {
        return "EngineConnection[" + displayUrl() + ", authentication: " + authenticationKind() + "]";
    }
}
