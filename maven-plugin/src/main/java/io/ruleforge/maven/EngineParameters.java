package io.ruleforge.maven;

import io.ruleforge.evaluate.engine.ElasticCloudId;
import io.ruleforge.evaluate.engine.EngineSettings;
import org.apache.maven.plugin.MojoExecutionException;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The cluster parameters of the goals that talk to Elasticsearch ({@code test} in live mode, {@code backtest}), as
 * the goal's configuration gave them, and the one place that turns them into a URL and {@link EngineSettings} —
 * with the same rules as the CLI's options (URL or cloud id, CA file or fingerprint, positive timeouts), worded
 * with the parameters' names.
 */
record EngineParameters(String engineUrl, String cloudId, File caCert, String caFingerprint, int connectTimeout,
                        int requestTimeout, int retries, int retryTime) {

    /** Where the cluster is and how to reach it. */
    record Cluster(URI url, EngineSettings settings) {
    }

    /** The cluster given, or empty when neither {@code engineUrl} nor {@code cloudId} is set. */
    Optional<Cluster> cluster() throws MojoExecutionException {
        boolean url = engineUrl != null && !engineUrl.isBlank();
        boolean cloud = cloudId != null && !cloudId.isBlank();
        if (!url && !cloud) {
            if (caCert != null || (caFingerprint != null && !caFingerprint.isBlank())) {
                throw new MojoExecutionException("ruleforge: caCert and caFingerprint need a cluster: set engineUrl or cloudId");
            }
            return Optional.empty();
        }
        if (url && cloud) {
            throw new MojoExecutionException("ruleforge: set engineUrl or cloudId, not both");
        }
        try {
            URI engine = cloud ? ElasticCloudId.parse(cloudId).elasticsearch() : new URI(engineUrl.trim());
            return Optional.of(new Cluster(engine, settings()));
        } catch (URISyntaxException e) {
            throw new MojoExecutionException("ruleforge: engineUrl is not a URL: " + engineUrl, e);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("ruleforge: " + e.getMessage().replace("--cloud-id", "cloudId")
                    .replace("--ca-cert", "caCert").replace("--ca-fingerprint", "caFingerprint"));
        }
    }

    private EngineSettings settings() throws MojoExecutionException {
        if (caCert != null && caFingerprint != null && !caFingerprint.isBlank()) {
            throw new MojoExecutionException("ruleforge: set caCert or caFingerprint, not both");
        }
        if (connectTimeout <= 0 || requestTimeout <= 0 || retryTime <= 0 || retries < 0) {
            throw new MojoExecutionException("ruleforge: connectTimeout, requestTimeout and retryTime must be positive seconds, "
                    + "retries 0 or more");
        }
        return EngineSettings.of(caCert == null ? null : caCert.toPath(),
                caFingerprint == null || caFingerprint.isBlank() ? null : caFingerprint,
                connectTimeout, requestTimeout, retries, retryTime);
    }
}
