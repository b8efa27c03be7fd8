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
