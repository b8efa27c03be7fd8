package io.ruleforge.pipeline;

import io.ruleforge.bundle.VersionLock;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.FileProblems;
import io.ruleforge.load.LoadCodes;
import io.ruleforge.load.LoadResult;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.report.Baseline;
import io.ruleforge.rule.Rule;
import io.ruleforge.validate.SchemaValidator;
import io.ruleforge.validate.ValidationResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The part every entry point runs on every rule, every time: loading, schema validation (duplicate ids and names are
 * checked across the set), the query errors of rules with schema errors, the version lock and the baseline.
 */
final class RuleChecks {

    /** Rule files loaded and validated together: enough for both cores, few enough that their documents stay small. */
    private static final int CHUNK = 64;

    /** What a run keeps of the documents of the rules it has checked, chunk by chunk. */
    enum Documents {
        /** Each in memory: for the commands that read the whole set again. */
        KEPT,
        /** None: a stage that asks for one again reads its file again. */
        RELEASED,
        /**
         * Kept in memory while they fit the room the heap spares (see {@link SpareRoom}), the others released: a
         * stage that renders every rule again (the bundle) then reads and parses each file once, while memory still
         * stops growing with the rule count at that share of the heap.
         */
        SPARED
    }

    /**
     * The room a run spares for checked rules' documents ({@link #roomOf}: half of the heap beyond the first
     * {@link #RUN_NEEDS}, at most {@link #MOST}), and what it has left. Each document is counted at an estimate of what
     * its tree and source map take: {@link #BYTES_PER_CHAR} per char of its text and {@link #BYTES_PER_VALUE} per value
     * it holds, which is above what was measured for every shape tried (live heap after a full collection, 200 copies
     * each): Elastic's corpus, 4.9 bytes per char (estimate 5.1); a 2,000-tag array, 22.1 (25.0); 300
     * {@code required_fields} tables, 13.7 (14.4); a 1,500-term query, 2.3 (3.2). In file order, each that still fits
     * is kept; used by the one thread that checks the chunks.
     */
    static final class SpareRoom {
        static final int BYTES_PER_CHAR = 3;
        static final int BYTES_PER_VALUE = 200;
        /**
         * What a run needs besides the documents it keeps, with room for the collector: a bundle of Elastic's corpus, or
         * of four times it, ran with 32–40 MB of heap (README "Benchmarks"), and a heap only just large enough is
         * collected all the time.
         */
        static final long RUN_NEEDS = 96L << 20;
        /** The most a run keeps, however large the heap (the corpus is estimated at 50 MB). */
        static final long MOST = 64L << 20;
        private long left;

        SpareRoom(long bytes) {
            this.left = bytes;
        }

        /**
         * The room for a heap of at most {@code maxMemory} bytes: none in a heap no larger than a run needs, so a run
         * in a small heap reads the files again rather than collect garbage all the time; at most {@link #MOST}, so a
         * large rule set in a large heap does not hold more than that. Each run counts on its own: runs sharing a JVM
         * (a parallel Maven build) share its heap.
         */
        static long roomOf(long maxMemory) {
            return Math.min(MOST, Math.max(0, maxMemory - RUN_NEEDS) / 2);
        }

        /** What a document is counted at: its tree and source map, estimated. */
        static long cost(Rule rule) {
            return (long) rule.document().textLength() * BYTES_PER_CHAR + (long) rule.document().sourceMap().size() * BYTES_PER_VALUE;
        }

        /** The rule, just checked, as kept: itself while its document fits what is left, else released. */
        Rule keep(Rule rule) {
            long cost = cost(rule);
            if (cost <= left) {
                left -= cost;
                return rule;
            }
            return rule.released();
        }
    }

    private final StageContext context;
    private final Documents afterCheck;

    /** Checks that release each chunk's documents once it is checked. */
    RuleChecks(StageContext context) {
        this(context, Documents.RELEASED);
    }

    /** Checks that keep of each chunk's documents what {@code afterCheck} says ({@link #check()}: all of them). */
    RuleChecks(StageContext context, Documents afterCheck) {
        this.context = context;
        this.afterCheck = afterCheck;
    }

    /** Every rule checked, the valid ones kept with their documents: for the commands that read the whole set again. */
    CheckedRules check() {
        return check((rules, stems) -> rules, Documents.KEPT).checked();
    }

    /**
     * What a stage does with each chunk of valid rules while their documents are loaded (see {@link #check(WhileLoaded)}).
     *
     * @param <S> what the stage keeps of each rule
     */
    interface WhileLoaded<S> {
        /**
         * @param rules                valid rules, no earlier one sharing their id or name, in file name order
         * @param stemsOfSeveralFiles  file names without extension that more than one rule file found has: only these
         *                             rules may turn out to share their fixtures and outputs with another
         * @return what the stage keeps of each rule, one for each, in order
         */
        List<S> take(List<Rule> rules, Set<String> stemsOfSeveralFiles);
    }

    /**
     * The checks and, for each valid rule, what {@code work} keeps of it.
     *
     * @param perRule one for each of {@code checked.validation().rules()}, in order
     */
    record Checked<S>(CheckedRules checked, List<S> perRule) {
    }

    /**
     * Loads, validates and hands to {@code work} the rule files a chunk at a time, so that a run holds the documents
     * of one chunk, not of the whole set: of every other rule it keeps only what the set-wide checks and later
     * stages need (id, name, file, digest, its findings), its document {@linkplain Rule#released() released} (or,
     * as this instance was made, {@linkplain Documents#SPARED spared} while there is room).
     */
    <S> Checked<S> check(WhileLoaded<S> work) {
        return check(work, afterCheck);
    }

    private <S> Checked<S> check(WhileLoaded<S> work, Documents documents) {
        RuleforgeOptions options = context.options();
        RuleLoader loader = new RuleLoader(options.displayBase());
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        Set<String> stems = new TreeSet<>();
        int unreadableFiles = 0;
        if (!Files.isDirectory(options.rulesDirectory())) {
            boolean present = FileProblems.isPresent(options.rulesDirectory());
            diagnostics.add(new Diagnostic(LoadCodes.UNREADABLE, Severity.ERROR, SourcePosition.ofFile(options.rulesDirectory().toString()),
                    present ? "rules directory is not a directory (--rules names a folder of rule files)" : "rules directory does not exist",
                    present ? "" : "create it with the rule files (.toml, .yaml) in it, or point --rules (the plugin's"
                            + " rulesDirectory, -Druleforge.rulesDirectory) at the folder that holds them"));
        } else {
            RuleLoader.Found found = loader.find(options.rulesDirectory(), options.ruleExcludes());
            diagnostics.addAll(found.unreadable());
            if (found.files().isEmpty() && found.unreadable().isEmpty()) {
                // a wrong --rules passes every check vacuously: said, so that an empty run is not mistaken for a green one
                diagnostics.add(Diagnostic.warning(LoadCodes.NO_RULE_FILES, SourcePosition.ofFile(
                        loader.displayPath(options.rulesDirectory())), "the rules directory holds no rule file (.toml, .yaml or"
                        + " .yml): nothing was validated, tested or bundled"));
            }
            // a file that could not be read (or a folder not searched) is still some rule's: its fixture folder is not a stray
            found.unreadable().forEach(d -> stems.add(Rule.stemOf(d.position().file())));
            files.addAll(found.files());
            unreadableFiles = found.unreadableFiles();
        }
        // validation meets the files in the order of their names, which decides which of two files keeps an id
        Map<Path, String> names = new HashMap<>();
        files.forEach(f -> names.put(f, loader.displayPath(f)));
        files.sort(Comparator.comparing(names::get));
        Set<String> stemsOfFiles = new HashSet<>();
        Set<String> stemsOfSeveralFiles = new HashSet<>();
        names.values().forEach(name -> {
            stems.add(Rule.stemOf(name));
            if (!stemsOfFiles.add(Rule.stemOf(name))) {
                stemsOfSeveralFiles.add(Rule.stemOf(name));
            }
        });
        List<Diagnostic> lockDiagnostics = new ArrayList<>();
        VersionLock lock = readLock(lockDiagnostics);
        List<Diagnostic> ruleLockDiagnostics = new ArrayList<>();
        SchemaValidator.Session validation = new SchemaValidator().session();
        List<Diagnostic> schemaDiagnostics = new ArrayList<>();
        List<Diagnostic> queryErrors = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        List<Rule> rulesWithErrors = new ArrayList<>();
        SpareRoom room = documents == Documents.SPARED ? new SpareRoom(context.documentRoom()) : null;
        List<S> perRule = new ArrayList<>();
        for (int from = 0; from < files.size(); from += CHUNK) {
            LoadResult loaded = loader.loadFiles(files.subList(from, Math.min(files.size(), from + CHUNK)));
            diagnostics.addAll(loaded.diagnostics());
            SchemaValidator.Chunk chunk = validation.check(loaded.documents());
            schemaDiagnostics.addAll(chunk.diagnostics());
            // Rules with schema errors are not compiled for use, but their query errors belong in the same report.
            context.compiler().compile(chunk.rulesWithErrors()).diagnostics().stream().filter(Diagnostic::isError).forEach(queryErrors::add);
            chunk.rules().forEach(rule -> ruleLockDiagnostics.addAll(lock.checkRule(rule, StageContext.LOCK_COMMAND)));
            List<S> taken = work.take(chunk.rules(), stemsOfSeveralFiles);
            if (taken.size() != chunk.rules().size()) {
                throw new IllegalStateException("kept " + taken.size() + " results of " + chunk.rules().size() + " rules");
            }
            perRule.addAll(taken);
            chunk.rules().forEach(rule -> rules.add(kept(rule, documents, room)));
            // rules with errors are reported, never rendered again
            chunk.rulesWithErrors().forEach(rule -> rulesWithErrors.add(documents == Documents.KEPT ? rule : rule.released()));
        }
        schemaDiagnostics.sort(Diagnostic.BY_POSITION);
        diagnostics.addAll(schemaDiagnostics);
        Set<String> ids = new HashSet<>();
        rules.forEach(rule -> ids.add(rule.ruleId()));
        lockDiagnostics.addAll(lock.checkKeys(ids, StageContext.LOCK_COMMAND, context.display(context.lockFile())));
        lockDiagnostics.addAll(ruleLockDiagnostics);
        Optional<Baseline> baseline = Optional.empty();
        if (context.appliesBaseline() && Files.isRegularFile(context.baselineFile())) {
            try {
                baseline = Optional.of(Baseline.read(context.baselineFile(), context.display(context.baselineFile())));
            } catch (Baseline.BaselineException e) {
                diagnostics.add(e.diagnostic());
            }
        }
        diagnostics.addAll(context.exceptions().diagnostics());
        ValidationResult validated = new ValidationResult(rules, rulesWithErrors, schemaDiagnostics);
        return new Checked<>(new CheckedRules(diagnostics, validated, queryErrors, lock, lockDiagnostics, stems,
                files.size() + unreadableFiles, baseline,
                context::baselineName), perRule);
    }

    private static Rule kept(Rule rule, Documents documents, SpareRoom room) {
        return switch (documents) {
            case KEPT -> rule;
            case RELEASED -> rule.released();
            case SPARED -> room.keep(rule);
        };
    }

    /** The version lock as the rules folder has it now; what is wrong with the file goes to {@code diagnostics}. */
    VersionLock readLock(List<Diagnostic> diagnostics) {
        VersionLock.Read read = VersionLock.read(context.lockFile(), context.display(context.lockFile()));
        diagnostics.addAll(read.diagnostics());
        return read.lock();
    }

    /** The lock's findings about these rules (changed without a bump, not locked, …). */
    List<Diagnostic> checkLock(VersionLock lock, List<Rule> rules) {
        return lock.check(rules, StageContext.LOCK_COMMAND, context.display(context.lockFile()));
    }
}
