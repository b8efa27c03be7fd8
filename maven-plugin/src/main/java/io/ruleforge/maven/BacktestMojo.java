package io.ruleforge.maven;

import io.ruleforge.backtest.BacktestRun;
import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.StageReport;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;

/**
 * Runs every rule's own search on the team's cluster over a time range, read-only (searches only): how often each
 * would have fired. Writes {@code target/ruleforge/backtest.md} (the noisiest rules first, with a sparkline per day
 * or hour) and {@code backtest.json}; a rule the cluster rejects fails the build.
 */
@Mojo(name = "backtest", threadSafe = true, requiresProject = true)
public class BacktestMojo extends AbstractRuleforgeMojo {

    /**
     * The cluster to search, e.g. {@code https://es.example.com:9243}. Credentials come from the environment:
     * {@code RULEFORGE_ES_API_KEY}, or {@code RULEFORGE_ES_USERNAME} and {@code RULEFORGE_ES_PASSWORD}.
     */
    @Parameter(property = "ruleforge.engine", required = true)
    String engine;

    /** Start of the range: date math ({@code now-7d}) or an ISO-8601 date. */
    @Parameter(property = "ruleforge.from", defaultValue = "now-7d")
    String from;

    /** End of the range. */
    @Parameter(property = "ruleforge.to", defaultValue = "now")
    String to;

    @Override
    StageReport run(Ruleforge ruleforge) {
        URI url;
        try {
            url = new URI(engine.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("engine is not a URL: " + engine);
        }
        return ruleforge.backtest(new BacktestRun.Request(url, from, to, Clock.systemUTC(), System.getenv()));
    }
}
