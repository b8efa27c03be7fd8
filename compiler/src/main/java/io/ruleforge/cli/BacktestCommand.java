package io.ruleforge.cli;

import io.ruleforge.backtest.BacktestRun;
import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.StageReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    EngineOptions engine;

    @Option(names = "--from", defaultValue = "now-7d", description = "Start of the range: date math or an ISO-8601 date. Default: ${DEFAULT-VALUE}")
    String from;

    @Option(names = "--to", defaultValue = "now", description = "End of the range. Default: ${DEFAULT-VALUE}")
    String to;

    @Override
    Function<Ruleforge, StageReport> stage() {
        URI url = engine.url().orElseThrow(() -> new IllegalArgumentException(
                "backtest needs a cluster: give --engine URL or --cloud-id ID"));
        BacktestRun.Request request = new BacktestRun.Request(url, engine.settings(), from, to, Clock.systemUTC(), System.getenv());
        return ruleforge -> ruleforge.backtest(request);
    }
}
