package io.ruleforge.evaluate.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How to talk to a cluster, besides where it is and who we are ({@link EngineConnection}): which TLS certificates
 * to trust, how long to wait, and how to retry a busy or flaky cluster.
 *
 * @param trust          the certificates trusted for an https URL
 * @param connectTimeout the longest wait for a TCP + TLS connection
 * @param requestTimeout the longest wait for one answer (a bulk request with {@code refresh=wait_for} included)
 * @param retries        how busy answers and failed connections are retried
 */
public record EngineSettings(EngineTrust trust, Duration connectTimeout, Duration requestTimeout, RetryPolicy retries) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);

    /** The JDK's CAs, 10 s to connect, 120 s per request, {@link RetryPolicy#DEFAULT}. */
    public static final EngineSettings DEFAULT = new EngineSettings(EngineTrust.system(), DEFAULT_CONNECT_TIMEOUT,
            DEFAULT_REQUEST_TIMEOUT, RetryPolicy.DEFAULT);

    public EngineSettings {
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(retries, "retries");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("engine timeouts must be positive, found connect " + connectTimeout
                    + " and request " + requestTimeout);
        }
    }

    /**
     * The settings a user gives, as the CLI's options and the goals' parameters take them (both validate the numbers
     * first, in their own words): a CA file or a fingerprint, else the JDK's CAs; timeouts in seconds; retries beyond
     * the first attempt within a time budget in seconds.
     *
     * @param caCert        a PEM file of CA certificates, or null
     * @param caFingerprint a certificate's SHA-256 fingerprint (hex), or null
     */
    public static EngineSettings of(java.nio.file.Path caCert, String caFingerprint, int connectSeconds, int requestSeconds,
                                    int retries, int retrySeconds) {
        EngineTrust trust = caCert != null ? EngineTrust.caCertificates(caCert)
                : caFingerprint != null ? EngineTrust.fingerprint(caFingerprint) : EngineTrust.system();
        return new EngineSettings(trust, Duration.ofSeconds(connectSeconds), Duration.ofSeconds(requestSeconds),
                RetryPolicy.DEFAULT.withMaxAttempts(retries + 1).withBudget(Duration.ofSeconds(retrySeconds)));
    }

    public EngineSettings withTrust(EngineTrust newTrust) {
        return new EngineSettings(newTrust, connectTimeout, requestTimeout, retries);
    }

    public EngineSettings withTimeouts(Duration connect, Duration request) {
        return new EngineSettings(trust, connect, request, retries);
    }

    public EngineSettings withRetries(RetryPolicy policy) {
        return new EngineSettings(trust, connectTimeout, requestTimeout, policy);
    }
}
