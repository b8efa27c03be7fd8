package io.ruleforge.cli;

import io.ruleforge.evaluate.engine.ElasticCloudId;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.evaluate.engine.EngineConnection;
import io.ruleforge.evaluate.engine.EngineSettings;
import io.ruleforge.pipeline.RuleforgeOptions;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How a command reaches an Elasticsearch cluster: {@code --engine URL} or {@code --cloud-id ID}, the TLS trust
 * ({@code --ca-cert FILE} or {@code --ca-fingerprint HEX}; the JDK's CAs otherwise, host names always verified),
 * timeouts and the retry budget. Credentials come from the environment only ({@link EngineConnection}). A command
 * takes these with {@code @CommandLine.Mixin EngineOptions engine;} and calls {@link #client} or {@link #applyTo}.
 */
public final class EngineOptions {

    @Option(names = "--engine", paramLabel = "URL", converter = EngineUrl.class, description = "The Elasticsearch at URL (http:// "
            + "or https://). Credentials from RULEFORGE_ES_API_KEY or RULEFORGE_ES_USERNAME/RULEFORGE_ES_PASSWORD, never from "
            + "the command line.")
    URI url;

    /** Reads {@code --engine}, saying what a URL lacks in the user's words rather than Java's URISyntaxException. */
    static final class EngineUrl implements picocli.CommandLine.ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                return new URI(value); // what a URL must name (scheme, host) is checked with the other engine settings
            } catch (java.net.URISyntaxException e) {
                throw new picocli.CommandLine.TypeConversionException("expected a URL such as https://localhost:9200, found '"
                        + value + "': " + e.getReason() + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
            }
        }
    }

    @Option(names = "--cloud-id", paramLabel = "ID", description = "An Elastic Cloud deployment's id (NAME:BASE64, from the "
            + "Cloud console) instead of --engine: https, port 443 unless the id names another.")
    String cloudId;

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "PEM file of the CA certificate(s) to trust for an https "
            + "engine, e.g. the config/certs/http_ca.crt Elasticsearch 8 writes at first start. Default: the JDK's CAs.")
    Path caCert;

    @Option(names = "--ca-fingerprint", paramLabel = "SHA256HEX", description = "Trust the engine's certificate chain when a "
            + "certificate in it has this SHA-256 fingerprint (as Elasticsearch 8 prints its HTTP CA's at first start).")
    String caFingerprint;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Longest wait for a connection to the engine. Default: ${DEFAULT-VALUE}")
    int connectTimeoutSeconds = 10;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Longest wait for one answer of the engine. Default: ${DEFAULT-VALUE}")
    int requestTimeoutSeconds = 120;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3", description = "Retries of a call the engine answers "
            + "with HTTP 429/502/503/504 or whose connection fails (exponential backoff with jitter, Retry-After honoured). "
            + "Default: ${DEFAULT-VALUE}")
    int retries = 3;

    @Option(names = "--retry-time", paramLabel = "SECONDS", defaultValue = "60",
            description = "Longest time one call may take with its retries. Default: ${DEFAULT-VALUE}")
    int retryTimeSeconds = 60;

    /** The cluster's URL, from --engine or --cloud-id; empty when neither was given (and no TLS option either). */
    public Optional<URI> url() {
        if (url != null && cloudId != null) {
            throw new IllegalArgumentException("give --engine URL or --cloud-id ID, not both");
        }
        Optional<URI> chosen = cloudId != null ? Optional.of(ElasticCloudId.parse(cloudId).elasticsearch()) : Optional.ofNullable(url);
        if (chosen.isEmpty() && (caCert != null || caFingerprint != null)) {
            throw new IllegalArgumentException("--ca-cert and --ca-fingerprint need a cluster: give --engine URL or --cloud-id ID");
        }
        return chosen;
    }

    /** The TLS trust, timeouts and retries given; a bad value is an {@link IllegalArgumentException} saying which. */
    public EngineSettings settings() {
        if (caCert != null && caFingerprint != null) {
            throw new IllegalArgumentException("give --ca-cert FILE or --ca-fingerprint SHA256HEX, not both");
        }
        positive("--connect-timeout", connectTimeoutSeconds);
        positive("--request-timeout", requestTimeoutSeconds);
        positive("--retry-time", retryTimeSeconds);
        if (retries < 0) {
            throw new IllegalArgumentException("--retries must be 0 or more, found " + retries);
        }
        return EngineSettings.of(caCert, caFingerprint, connectTimeoutSeconds, requestTimeoutSeconds, retries, retryTimeSeconds);
    }

    /** A client of the cluster given, with the credentials the environment holds; empty without --engine / --cloud-id. */
    public Optional<EngineClient> client(Map<String, String> environment) {
        return url().map(u -> new EngineClient(EngineConnection.fromEnvironment(u, environment), settings()));
    }

    /** {@code options} with verdicts from the cluster given, if one was. */
    public RuleforgeOptions applyTo(RuleforgeOptions options) {
        return url().map(u -> options.withEngine(u, settings())).orElse(options);
    }

    private static void positive(String option, int seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException(option + " must be a positive number of seconds, found " + seconds);
        }
    }
}
