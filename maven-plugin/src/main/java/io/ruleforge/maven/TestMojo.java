package io.ruleforge.maven;

import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.RuleforgeOptions;
import io.ruleforge.pipeline.StageReport;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.Optional;

/**
 * Runs every rule on its fixture events (positives must fire, negatives must stay quiet, generated boundary
 * cases must behave as the query's IP exclusions say) and writes Surefire-style JUnit XML reports.
 */
@Mojo(name = "test", defaultPhase = LifecyclePhase.TEST, threadSafe = true, requiresProject = true)
public class TestMojo extends AbstractIncrementalMojo {

    /** Skip the fixture tests, like Surefire. */
    @Parameter(property = "skipTests", defaultValue = "false")
    boolean skipTests;

    /** Skip the fixture tests, like Surefire's and the compiler's {@code maven.test.skip}, which skips every test. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    boolean mavenTestSkip;

    /**
     * Decide the fixtures with the Elasticsearch at this URL instead of the built-in evaluator (a temporary index
     * per rule, deleted afterwards). Credentials come from the environment: {@code RULEFORGE_ES_API_KEY}, or
     * {@code RULEFORGE_ES_USERNAME} and {@code RULEFORGE_ES_PASSWORD}.
     */
    @Parameter(property = "ruleforge.engineUrl")
    String engineUrl;

    /** An Elastic Cloud deployment's id (NAME:BASE64) instead of {@code engineUrl}: https, port 443 unless it names another. */
    @Parameter(property = "ruleforge.cloudId")
    String cloudId;

    /** PEM file of the CA certificate(s) to trust for an https engine (e.g. Elasticsearch 8's {@code http_ca.crt}). */
    @Parameter(property = "ruleforge.caCert")
    File caCert;

    /** Trust the engine's chain when a certificate in it has this SHA-256 fingerprint (hex), instead of {@code caCert}. */
    @Parameter(property = "ruleforge.caFingerprint")
    String caFingerprint;

    /** Longest wait for a connection to the engine, in seconds. */
    @Parameter(property = "ruleforge.connectTimeout", defaultValue = "10")
    int connectTimeout;

    /** Longest wait for one answer of the engine, in seconds. */
    @Parameter(property = "ruleforge.requestTimeout", defaultValue = "120")
    int requestTimeout;

    /** Retries of a call answered with HTTP 429/502/503/504 or whose connection fails (backoff with jitter). */
    @Parameter(property = "ruleforge.retries", defaultValue = "3")
    int retries;

    /** Longest time one engine call may take with its retries, in seconds. */
    @Parameter(property = "ruleforge.retryTime", defaultValue = "60")
    int retryTime;

    @Override
    RuleforgeOptions goalOptions(RuleforgeOptions options) throws MojoExecutionException {
        RuleforgeOptions incremental = super.goalOptions(options);
        return new EngineParameters(engineUrl, cloudId, caCert, caFingerprint, connectTimeout, requestTimeout, retries, retryTime)
                .cluster().map(c -> incremental.withEngine(c.url(), c.settings())).orElse(incremental);
    }

    @Override
    Optional<String> skippedBy() {
        return skipTests ? Optional.of("skipTests") : mavenTestSkip ? Optional.of("maven.test.skip") : Optional.empty();
    }

    @Override
    StageReport run(Ruleforge ruleforge) {
        return ruleforge.test();
    }
}
