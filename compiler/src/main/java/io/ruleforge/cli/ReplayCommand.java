package io.ruleforge.cli;

import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.StageReport;
import io.ruleforge.replay.ReplayRun;
import io.ruleforge.replay.Replayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * {@code ruleforge replay --events FILE|DIR…}: how often each rule would fire on recorded events, noisiest first,
 * in {@code <out>/replay.md} and {@code replay.json} (and {@code alerts.ndjson} with {@code --alerts}).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay recorded events (NDJSON, NDJSON.gz, saved _search responses) through every rule; "
                + "write <out>/replay.md and <out>/replay.json, the noisiest rules first.")
final class ReplayCommand extends RuleforgeCli.StageCommand {

    @Option(names = "--events", required = true, arity = "1..*", paramLabel = "FILE|DIR",
            description = "Events files (.ndjson, .ndjson.gz, .json saved _search responses) or directories of them.")
    List<Path> events = new ArrayList<>();

    @Option(names = "--max-alerts", paramLabel = "N",
            description = "Fail when a rule raises more than N alerts on the events.")
    Long maxAlerts;

    @Option(names = "--alerts", description = "Also write every alert to <out>/alerts.ndjson.")
    boolean alerts;

    @Option(names = "--indicators", paramLabel = "FILE",
            description = "The threat index (NDJSON, one indicator document a line) for indicator match rules; without it they are not replayed.")
    Path indicators;

    @Option(names = "--index", paramLabel = "NAME",
            description = "The index the events were recorded in, for those that name none (a saved _search response's hits carry "
                    + "their _index, an event its data_stream.*): each rule decides only the events of the indices its index "
                    + "patterns match. Without it such events go through every rule.")
    String index;

    /** More worker threads than this only cost memory: each holds its share of a batch of events. */
    static final int MAX_THREADS = 256;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (1 to " + MAX_THREADS + "). Default: one per core.")
    Integer threads;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "3", description = "Sample alerts per rule. Default: ${DEFAULT-VALUE}")
    int samples;

    @Override
    Function<Ruleforge, StageReport> stage() {
        if (threads != null && (threads < 1 || threads > MAX_THREADS)) {
            throw new IllegalArgumentException("--threads must be between 1 and " + MAX_THREADS + ", found " + threads);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("--samples must be 0 or more, found " + samples);
        }
        Replayer.Options defaults = Replayer.Options.defaults();
        Replayer.Options options = new Replayer.Options(threads == null ? defaults.threads() : threads, samples,
                defaults.topValues(), defaults.clock(), null);
        ReplayRun.Request request = new ReplayRun.Request(events,
                maxAlerts == null ? OptionalLong.empty() : OptionalLong.of(maxAlerts), alerts, options, java.util.Optional.ofNullable(indicators),
                java.util.Optional.ofNullable(index));
        Progress progress = new Progress(System.console() != null && !common.quiet ? System.err : null);
        return ruleforge -> {
            StageReport report = ruleforge.replay(request, progress);
            progress.done();
            return report;
        };
    }

    /** One line on a terminal, rewritten at most every half second: events, events/s, share read, ETA. */
    static final class Progress implements Replayer.ProgressListener {
        private final PrintStream terminal;
        private final long start = System.nanoTime();
        private long lastPrint;
        private boolean printed;

        Progress(PrintStream terminal) {
            this.terminal = terminal;
        }

        @Override
        public void progress(long events, long bytesRead, long totalBytes) {
            long now = System.nanoTime();
            if (terminal == null || now - lastPrint < 500_000_000L) {
                return;
            }
            lastPrint = now;
            double seconds = (now - start) / 1e9;
            double share = totalBytes == 0 ? 0 : (double) bytesRead / totalBytes;
            String eta = share <= 0 ? "?" : String.format("%.0f s", seconds * (1 - share) / share);
            terminal.printf("\rreplay: %,d events, %,.0f events/s, %.0f%% read, ETA %s   ", events, events / seconds, share * 100, eta);
            terminal.flush();
            printed = true;
        }

        void done() {
            if (printed) {
                terminal.print("\r" + " ".repeat(78) + "\r");
                terminal.flush();
            }
        }
    }
}
