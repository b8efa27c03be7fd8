package io.ruleforge.pipeline;

import io.ruleforge.state.RuleRecord;
import io.ruleforge.state.StageOutputs;
import io.ruleforge.state.StageState;
import io.ruleforge.state.StateStore;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One stage's use of the build state: which rule files are up to date (their record's fingerprint matches and its
 * files are intact), what this run records for the next one, and the line telling the user which was which.
 * Only what a stage records survives: a rule file that is gone, or failed this time, leaves no record.
 */
final class IncrementalRun {

    private final String stage;
    private final Optional<StateStore> store;
    private final boolean replay;
    private final Path outputDirectory;
    private final StateStore.Loaded previous;
    private final Map<String, RuleRecord> next = new TreeMap<>();
    private StageOutputs nextOutputs;
    private int upToDate;

    private IncrementalRun(String stage, Optional<StateStore> store, boolean replay, Path outputDirectory) {
        this.stage = stage;
        this.store = store;
        this.replay = replay;
        this.outputDirectory = outputDirectory;
        this.previous = replay ? store.orElseThrow().read(stage) : new StateStore.Loaded(StageState.empty(), Optional.empty());
        // outputs not rewritten this run stay valid for the inputs they were written from
        this.nextOutputs = previous.state().stageOutputs().orElse(null);
    }

    /** A stage that replays what is up to date (when the options say so) and records for the next run. */
    static IncrementalRun start(String stage, RuleforgeOptions options) {
        if (!options.keepState()) {
            return new IncrementalRun(stage, Optional.empty(), false, options.outputDirectory());
        }
        return new IncrementalRun(stage, Optional.of(new StateStore(options.stateDirectory())), options.incremental(),
                options.outputDirectory());
    }

    /** A run that recomputes everything and records nothing (the on-demand commands: lock, diff). */
    static IncrementalRun stateless() {
        return new IncrementalRun("", Optional.empty(), false, Path.of(""));
    }

    /** The record to replay for this rule file, if it is up to date; it is then carried over to the next state. */
    Optional<RuleRecord> upToDate(String ruleFile, String fingerprint) {
        Optional<RuleRecord> found = recorded(ruleFile, fingerprint);
        found.ifPresent(r -> replayed(ruleFile, r));
        return found;
    }

    /** The record this rule file would be replayed from, if it is up to date; nothing is carried over yet. */
    Optional<RuleRecord> recorded(String ruleFile, String fingerprint) {
        return previous.state().rule(ruleFile).filter(r -> r.isUpToDate(fingerprint, outputDirectory));
    }

    /** Carries a record found by {@link #recorded} over to the next state: the rule file is replayed from it. */
    void replayed(String ruleFile, RuleRecord record) {
        next.put(ruleFile, record);
        upToDate++;
    }

    void record(String ruleFile, RuleRecord record) {
        next.put(ruleFile, record);
    }

    /**
     * Whether the stage-wide outputs were written from inputs with this fingerprint and are intact, and {@code folder}
     * holds no other file ({@link StageOutputs#isUpToDate(String, Path, Path)}).
     */
    boolean outputsUpToDate(String fingerprint, Path folder) {
        return replay && nextOutputs != null && nextOutputs.isUpToDate(fingerprint, outputDirectory, folder);
    }

    void recordOutputs(StageOutputs outputs) {
        nextOutputs = outputs;
    }

    /** Writes what this run recorded, for the next one. */
    void save() {
        store.ifPresent(s -> s.write(stage, new StageState(StageState.FORMAT, next, nextOutputs)));
    }

    /** {@code 5 rules: 5 recomputed (no build state kept: the output directory cannot be written)}. */
    String summaryWithoutState(int ruleFiles) {
        return recomputedWithoutState(ruleFiles, "the output directory cannot be written");
    }

    private static String recomputedWithoutState(int ruleFiles, String why) {
        return ruleFiles + " rule" + (ruleFiles == 1 ? "" : "s") + ": " + ruleFiles + " recomputed (no build state kept: " + why + ")";
    }

    /** E.g. {@code 5 rules: 1 recomputed, 4 up to date (state in target/ruleforge/state)}. */
    String summary(int ruleFiles) {
        String rules = ruleFiles + " rule" + (ruleFiles == 1 ? "" : "s") + ": ";
        if (store.isEmpty() && !stage.isEmpty()) {
            return recomputedWithoutState(ruleFiles, "give an output directory to build incrementally");
        }
        if (!replay) {
            return rules + ruleFiles + " recomputed (incremental build off)";
        }
        return rules + (ruleFiles - upToDate) + " recomputed, " + upToDate + " up to date (state in "
                + store.orElseThrow().directory() + previous.ignored().map(why -> "; the previous state was ignored: " + why).orElse("")
                + ")";
    }
}
