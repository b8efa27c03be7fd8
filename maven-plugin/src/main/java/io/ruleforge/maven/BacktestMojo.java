package io.ruleforge.maven;

import io.ruleforge.backtest.BacktestRun;
import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.RuleforgeOptions;
import io.ruleforge.pipeline.StageReport;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.time.Clock;

/**
 * Runs every rule's own search on the team's cluster over a time range, read-only (searches only): how often each
 * would have fired. Writes {@code target/ruleforge/backtest.md} (the noisiest rules first, with a sparkline per day
 * or hour) and {@code backtest.json}; a rule the cluster rejects fails the build.
 */
@Mojo(name = "backtest", threadSafe = true, requiresProject = true)
public class BacktestMojo extends AbstractRuleforgeMojo {

    /**
     * The cluster to search, e.g. {@code https://es.example.com:9243} (or {@code cloudId}). Credentials come from the
     * environment: {@code RULEFORGE_ES_API_KEY}, or {@code RULEFORGE_ES_USERNAME} and {@code RULEFORGE_ES_PASSWORD};
     * the key needs read on the rules' index patterns only.
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

    /** Start of the range: date math ({@code now-7d}) or an ISO-8601 date. */
    @Parameter(property = "ruleforge.from", defaultValue = "now-7d")
    String from;

    /** End of the range. */
    @Parameter(property = "ruleforge.to", defaultValue = "now")
    String to;

    private EngineParameters.Cluster cluster;

    @Override
    RuleforgeOptions goalOptions(RuleforgeOptions options) throws MojoExecutionException {
        cluster = new EngineParameters(engineUrl, cloudId, caCert, caFingerprint, connectTimeout, requestTimeout, retries, retryTime)
                .cluster().orElseThrow(() -> new MojoExecutionException("ruleforge: backtest needs a cluster: set engineUrl or cloudId"));
        return super.goalOptions(options);
    }

    @Override
    StageReport run(Ruleforge ruleforge) {
        return ruleforge.backtest(new BacktestRun.Request(cluster.url(), cluster.settings(), from, to, Clock.systemUTC(),
                System.getenv()));
    }
}
