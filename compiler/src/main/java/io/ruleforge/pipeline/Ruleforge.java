package io.ruleforge.pipeline;

import io.ruleforge.backtest.BacktestRun;
import io.ruleforge.replay.ReplayRun;
import io.ruleforge.replay.Replayer;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one entry point of the library, shared by the CLI and the Maven goals: {@link #validate()},
 * {@link #compile()}, {@link #test()} and {@link #bundle()} each run the stages they need, in order
 * (load → validate → compile → test → bundle), and report every finding at once; {@link #lock()},
 * {@link #diff(String)}, {@link #baseline()}, {@link #replay} and {@link #backtest} are the on-demand commands. Every one of them writes its findings as
 * SARIF ({@code <out>/ruleforge.sarif}), also when it fails.
 *
 * <p>Builds are incremental (README, "Incremental builds"): loading, schema validation and the version-lock check
 * run on every rule every time, because duplicate ids and names and the lock concern the whole set; compiling and
 * testing a rule, and writing its outputs, are skipped when nothing it depends on changed since the last run, and
 * its recorded findings are reported again instead ({@link StageRun}, {@link IncrementalCompiler}).
 */
public final class Ruleforge {

    private final StageContext context;

    /** @throws IllegalArgumentException when an option names something that does not exist (e.g. the schema) */
    public Ruleforge(RuleforgeOptions options) {
        this.context = StageContext.of(options);
    }

    /** Loads, validates and compiles every rule. */
    public StageReport validate() {
        return ValidateStage.run(context);
    }

    /** As {@link #validate()}, and writes each rule's DSL and EQL to {@code <out>/compiled/<file stem>.json}. */
    public StageReport compile() {
        return CompileStage.run(context);
    }

    /** Runs every compiled rule on its fixtures and writes JUnit XML reports to {@code <out>/reports/}. */
    public StageReport test() {
        return new TestStage(context).run();
    }

    /** Validates, then writes the Kibana import bundle — only when there is no error, and only when it changed. */
    public StageReport bundle() {
        return BundleStage.run(context);
    }

    /** Rewrites the version lock from the current rules (new rules locked, changed rules bumped). */
    public StageReport lock() {
        return LockStage.run(context);
    }

    /** Records today's warnings in the baseline beside the rules; later runs report only new ones. */
    public StageReport baseline() {
        return BaselineStage.run(context);
    }

    /** {@link #diff(String, Optional)} of the working tree. */
    public StageReport diff(String base) {
        return diff(base, Optional.empty());
    }

    /**
     * Compares the rules — of the working tree, or of the git revision {@code head} — with a base (a git revision
     * or a bundle file) and writes {@code <out>/diff.md} and {@code <out>/diff.json}.
     *
     * @throws IllegalArgumentException when the base is neither a bundle file nor a known revision, or the head
     *                                  no known revision ({@link io.ruleforge.diff.UnknownRevisionException})
     */
    public StageReport diff(String base, Optional<String> head) {
        return DiffStage.run(context, base, head);
    }

    /**
     * As {@link #diff(String, Optional)}; with recorded {@code events} (PR mode) each changed rule's alerts gained
     * and lost on them are added to diff.md and diff.json.
     */
    public StageReport diff(String base, Optional<String> head, List<Path> events) {
        return diff(base, head, events, Optional.empty());
    }

    /** As {@link #diff(String, Optional, List)}; the events that name no index of their own recorded in {@code eventsIndex}. */
    public StageReport diff(String base, Optional<String> head, List<Path> events, Optional<String> eventsIndex) {
        return DiffStage.run(context, base, head, events, eventsIndex);
    }

    /**
     * Replays recorded events through every rule that compiles: replay.md, replay.json and optionally alerts.ndjson;
     * a rule over the alert budget is an error.
     */
    public StageReport replay(ReplayRun.Request request, Replayer.ProgressListener progress) {
        return ReplayStage.run(context, request, progress);
    }

    /**
     * Runs every rule that compiles on the cluster the request names over its time range, read-only (searches
     * only): backtest.md and backtest.json, the noisiest rules first; a rule the cluster rejects is an error.
     *
     * @throws IllegalArgumentException when the range's {@code from} or {@code to} is neither date math nor a date
     */
    public StageReport backtest(BacktestRun.Request request) {
        return BacktestStage.run(context, request);
    }
}
