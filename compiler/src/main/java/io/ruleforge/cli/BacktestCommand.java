package io.ruleforge.cli;

import io.ruleforge.backtest.BacktestRun;
import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.StageReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Clock;
import java.util.function.Function;

/**
 * {@code ruleforge backtest --engine URL --from now-7d [--to now]}: each rule's own search on the team's cluster over
 * the range, read-only, noisiest first in {@code <out>/backtest.md} and {@code backtest.json}.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Run every rule's search on the cluster at --engine over a time range, read-only (searches only); "
                + "write <out>/backtest.md and <out>/backtest.json, the noisiest rules first.")
final class BacktestCommand extends RuleforgeCli.StageCommand {

    @Option(names = "--engine", required = true, paramLabel = "URL", description = "The cluster to search, e.g. "
            + "https://es.example.com:9243. Credentials from RULEFORGE_ES_API_KEY or RULEFORGE_ES_USERNAME/RULEFORGE_ES_PASSWORD; "
            + "the key needs read (and view_index_metadata) on the rules' index patterns only.")
    URI engine;

    @Option(names = "--from", defaultValue = "now-7d", description = "Start of the range: date math or an ISO-8601 date. Default: ${DEFAULT-VALUE}")
    String from;

    @Option(names = "--to", defaultValue = "now", description = "End of the range. Default: ${DEFAULT-VALUE}")
    String to;

    @Override
    Function<Ruleforge, StageReport> stage() {
        BacktestRun.Request request = new BacktestRun.Request(engine, from, to, Clock.systemUTC(), System.getenv());
        return ruleforge -> ruleforge.backtest(request);
    }
}
