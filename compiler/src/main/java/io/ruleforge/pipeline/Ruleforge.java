package io.ruleforge.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ruleforge.bundle.BundleWriter;
import io.ruleforge.bundle.LockCodes;
import io.ruleforge.bundle.VersionLock;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.compile.CompilerSettings;
import io.ruleforge.compile.RuleCompiler;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diff.BaseRuleSet;
import io.ruleforge.diff.DiffMarkdown;
import io.ruleforge.diff.DiffReport;
import io.ruleforge.diff.RuleSetDiffer;
import io.ruleforge.diag.DisplayPaths;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.fields.IndexMappings;
import io.ruleforge.diag.InternalErrors;
import io.ruleforge.files.AtomicFiles;
import io.ruleforge.files.OutputException;
import io.ruleforge.files.StagedOutputs;
import io.ruleforge.files.FileNames;
import io.ruleforge.harness.CaseResult;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.harness.FixtureLayout;
import io.ruleforge.harness.FixtureLoader;
import io.ruleforge.harness.HarnessCodes;
import io.ruleforge.harness.RuleTestResult;
import io.ruleforge.harness.RuleTestRunner;
import io.ruleforge.harness.TestRunResult;
import io.ruleforge.evaluate.VerdictSource;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.evaluate.engine.EngineConnection;
import io.ruleforge.evaluate.engine.EngineException;
import io.ruleforge.evaluate.engine.EngineVerdicts;
import io.ruleforge.load.LoadCodes;
import io.ruleforge.load.LoadResult;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.files.OutputCodes;
import io.ruleforge.report.Baseline;
import io.ruleforge.report.ConsoleSummary;
import io.ruleforge.report.JUnitXmlReport;
import io.ruleforge.report.RuleTestSummary;
import io.ruleforge.rule.Rule;
import io.ruleforge.state.CodeFingerprint;
import io.ruleforge.state.OutputFile;
import io.ruleforge.state.RuleRecord;
import io.ruleforge.state.StageOutputs;
import io.ruleforge.validate.SchemaValidator;
import io.ruleforge.validate.ValidationResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.ruleforge.diff.AlertChanges;
import io.ruleforge.replay.EventFiles;
import io.ruleforge.replay.EventInputException;
import io.ruleforge.replay.ReplayRun;
import io.ruleforge.replay.Replayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one entry point of the library, shared by the CLI and the Maven goals: {@link #validate()},
 * {@link #compile()}, {@link #test()} and {@link #bundle()} each run the stages they need, in order
 * (load → validate → compile → test → bundle), and report every finding at once.
 *
 * <p>Builds are incremental (README, "Incremental builds"): loading, schema validation and the version-lock check
 * run on every rule every time, because duplicate ids and names and the lock concern the whole set; compiling and
 * testing a rule, and writing its outputs, are skipped when nothing it depends on changed since the last run, and
 * its recorded findings are reported again instead.
 */
public final class Ruleforge {

    /** snake_case keys, as in every other JSON ruleforge and Kibana write. */
    private static final ObjectMapper DIFF_JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private final RuleforgeOptions options;
    private final IndexMappings fieldTypes;
    private final RuleCompiler compiler;

    /** @throws IllegalArgumentException when an option names something that does not exist (e.g. the schema) */
    public Ruleforge(RuleforgeOptions options) {
        this.options = options;
        this.fieldTypes = IndexMappingResolver.resolve(options.schema(), options.mappings(), options.displayBase());
        this.compiler = new RuleCompiler(new CompilerSettings(options.kibanaVersion(), fieldTypes, DslOptions.DEFAULT));
    }

    /** Loads, validates and compiles every rule; writes the findings as SARIF ({@code <out>/ruleforge.sarif}). */
    public StageReport validate() {
        RunOutputs outputs = RunOutputs.open(options);
        CheckedRules checked = check();
        IncrementalRun run = IncrementalRun.start("validate", options);
        List<RuleCompilation> compiled = compileEach(checked, run, fingerprints()::ofSource);
        compiled.stream().filter(RuleCompilation::isRecordable).forEach(c -> run.record(c.ruleFile(), c.record(List.of())));
        outputs.save(run);
        List<Diagnostic> diagnostics = checked.diagnostics(compiled, List.of());
        int rules = checked.validation().rules().size();
        return outputs.finish(new StageReport("validate", diagnostics,
                withBaseline(List.of(rules + " rule" + plural(rules) + " validated: " + tally(diagnostics), run.summary(checked.ruleFiles())),
                        checked, compiled, List.of()),
                List.of(), false));
    }

    /**
     * As {@link #validate()}, and writes each rule's DSL and EQL to {@code <out>/compiled/<file stem>.json} — only
     * when the run does not fail, all together, and only for rules not up to date; files of rules that no longer
     * exist are removed.
     */
    public StageReport compile() {
        RunOutputs outputs = RunOutputs.open(options);
        CheckedRules checked = check();
        IncrementalRun run = IncrementalRun.start("compile", options);
        List<RuleCompilation> compiled = compileEach(checked, run, fingerprints()::ofSource);
        List<Diagnostic> diagnostics = checked.diagnostics(compiled, List.of());
        Optional<String> withheld = outputs.withheldBecause(diagnostics);
        List<Path> written = new ArrayList<>();
        int compiledFiles = 0;
        if (withheld.isEmpty()) {
            OutputFolder folder = new OutputFolder(options.outputDirectory(), options.compiledDirectory());
            for (RuleCompilation c : compiled) {
                if (c.replayed().isPresent()) {
                    folder.keep(c.replayed().get().outputs());
                    compiledFiles += c.replayed().get().outputs().size();
                    continue;
                }
                List<OutputFile> files = new ArrayList<>();
                if (c.compiled().filter(CompiledRuleJson::hasOutput).isPresent()) {
                    files.add(folder.add(FileNames.fit("", c.rule().fileStem(), ".json"), CompiledRuleJson.render(c.compiled().get())));
                    compiledFiles++;
                }
                folder.pending(() -> run.record(c.ruleFile(), c.record(files)));
            }
            if (outputs.commit(folder.staged(), "the compiled queries")) {
                written.addAll(folder.committed());
            } else {
                compiledFiles = 0;
                withheld = Optional.of("the compiled queries could not be written");
            }
        }
        // with an error nothing is written, so nothing new is recorded: the next run compiles those rules again
        outputs.save(run);
        String result = withheld.map(why -> "compiled queries not written (" + why + ")")
                .orElse(compiledFiles + " rule" + plural(compiledFiles) + " compiled (Kibana " + options.kibanaVersion().label()
                        + ", fields: " + fieldTypes.describe() + ")" + (compiledFiles == 0 ? "" : " to " + options.compiledDirectory()));
        List<String> summary = withBaseline(List.of(result + ": " + tally(diagnostics), run.summary(checked.ruleFiles())),
                checked, compiled, List.of());
        return outputs.finish(new StageReport("compile", diagnostics, summary, written, false));
    }

    /**
     * Runs every compiled rule on its fixtures and writes JUnit XML reports to {@code <out>/reports/}. Rules with
     * errors are not tested; their errors fail the report. Rules whose inputs (the rule, its fixtures, what decides
     * the verdicts) did not change are not run again: their recorded results are reported.
     *
     * <p>Failing cases are what the reports are for, so they are written then too; a run that fails for errors
     * before testing, or for warnings when warnings fail the build, writes none. Reports are switched in all
     * together, and those of rules that no longer exist go.
     */
    public StageReport test() {
        RunOutputs outputs = RunOutputs.open(options);
        CheckedRules checked = check();
        IncrementalRun run = IncrementalRun.start("test", options);
        VerdictSource verdicts = verdictSource();
        String decidedBy = verdictSourceIdentity(verdicts);
        InputFingerprints inputs = fingerprints();
        List<RuleCompilation> compiled = compileEach(checked, run, rule -> inputs.ofTest(rule, decidedBy));
        FixtureLayout layout = new FixtureLayout(options.fixturesDirectory(), options.displayBase());
        Optional<Diagnostic> noFixtures = layout.missingDirectory();
        if (noFixtures.isPresent()) {
            // as with a missing rules directory: an error, not every rule untested
            List<Diagnostic> failed = new ArrayList<>(checked.diagnostics(compiled, List.of(noFixtures.get())));
            return outputs.finish(new StageReport("test", failed, List.of("fixtures not run: " + noFixtures.get().message()), List.of(), true));
        }
        RuleTestRunner runner = new RuleTestRunner(verdicts, new FixtureLoader(options.fixturesDirectory(), options.displayBase()));
        List<TestRunResult> results = new ArrayList<>();
        try {
            for (RuleCompilation c : compiled) {
                // up to date or not compiled: nothing to run
                results.add(c.compiled().map(rule -> runGuarded(runner, c)).orElse(TestRunResult.NOTHING));
            }
        } catch (EngineException e) {
            List<Diagnostic> failed = new ArrayList<>(checked.diagnostics(compiled, List.of()));
            // the URL as given may carry user info; reports show scheme, host and port only
            String engine = options.engineUrl().map(url -> EngineConnection.anonymous(url).displayUrl()).orElse("engine");
            failed.add(Diagnostic.error(HarnessCodes.ENGINE_UNAVAILABLE, SourcePosition.ofFile(engine),
                    "fixtures not run: " + e.getMessage()));
            // nothing is recorded: the rules tested before the engine failed have no reports yet; the SARIF says why
            return outputs.finish(new StageReport("test", failed, List.of("fixtures not run: the engine failed"), List.of(), true));
        }
        JUnitXmlReport junit = options.engineUrl().isPresent() ? new JUnitXmlReport(verdicts.description()) : new JUnitXmlReport();
        OutputFolder reports = new OutputFolder(options.outputDirectory(), options.reportsDirectory());
        TestOutcomes outcomes = reportTests(compiled, results, junit, run, reports);
        List<Diagnostic> testDiagnostics = new ArrayList<>(outcomes.diagnostics());
        testDiagnostics.addAll(layout.check(checked.ruleFileStems()));
        List<Diagnostic> diagnostics = checked.diagnostics(compiled, testDiagnostics);
        // errors found before testing withhold the reports; failing cases and fixture errors are what they report
        List<Diagnostic> blocking = new ArrayList<>(checked.diagnostics(compiled, List.of()).stream().filter(Diagnostic::isError).toList());
        diagnostics.stream().filter(d -> !d.isError()).forEach(blocking::add);
        Optional<String> withheld = outputs.withheldBecause(blocking);
        List<Path> written = new ArrayList<>();
        if (withheld.isEmpty()) {
            if (outputs.commit(reports.staged(), "the test reports")) {
                written.addAll(reports.committed());
            } else {
                withheld = Optional.of("they could not be written");
            }
        }
        outputs.save(run);
        List<String> summary = new ArrayList<>(new ConsoleSummary().lines(outcomes.tested()));
        if (options.engineUrl().isPresent()) {
            summary.add("verdicts decided by " + verdicts.description());
        }
        summary.add("diagnostics: " + tally(diagnostics) + "; "
                + withheld.map(why -> "reports not written (" + why + ")").orElse("reports in " + options.reportsDirectory()));
        summary.add(run.summary(checked.ruleFiles()));
        summary = withBaseline(summary, checked, compiled, testDiagnostics);
        // failures are never recorded, so every failing case is in this run's results
        List<CaseResult> failedCases = results.stream().flatMap(r -> r.rules().stream())
                .flatMap(r -> r.failures().stream()).toList();
        return outputs.finish(new StageReport("test", diagnostics, summary, written,
                outcomes.tested().stream().anyMatch(RuleTestSummary::failed)), failedCases);
    }

    /** Tests one rule; a fault in ruleforge becomes an error at the rule file, and the other rules are still tested. */
    private static TestRunResult runGuarded(RuleTestRunner runner, RuleCompilation c) {
        try {
            return runner.run(List.of(c.compiled().orElseThrow()));
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            return new TestRunResult(List.of(), List.of(InternalErrors.diagnostic(c.ruleFile(), "testing this rule", e)));
        }
    }

    /**
     * Every rule's test, in rule order, run now or replayed.
     *
     * @param tested      the summary of each tested rule
     * @param diagnostics what testing found (fixtures, untestable rules, disagreements)
     */
    private record TestOutcomes(List<RuleTestSummary> tested, List<Diagnostic> diagnostics) {
    }

    /**
     * Renders the reports of the rules tested now into {@code reports}, to be recorded (those that passed) once
     * written; keeps the reports of the others and takes their results from the state.
     */
    private TestOutcomes reportTests(List<RuleCompilation> compiled, List<TestRunResult> results, JUnitXmlReport junit,
                                     IncrementalRun run, OutputFolder reports) {
        ConsoleSummary console = new ConsoleSummary();
        List<RuleTestSummary> tested = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (int i = 0; i < compiled.size(); i++) {
            RuleCompilation c = compiled.get(i);
            if (c.replayed().isPresent()) {
                diagnostics.addAll(c.replayed().get().testDiagnostics());
                c.replayed().get().testSummary().ifPresent(tested::add);
                reports.keep(c.replayed().get().outputs());
                continue;
            }
            TestRunResult result = results.get(i);
            diagnostics.addAll(result.diagnostics());
            List<OutputFile> outputs = new ArrayList<>();
            Optional<RuleTestSummary> summary = Optional.empty();
            for (RuleTestResult rule : result.rules()) {
                outputs.add(reports.add(JUnitXmlReport.fileName(rule), junit.render(rule)));
                summary = Optional.of(console.summarise(rule));
                tested.add(summary.get());
            }
            boolean failed = result.failed() || result.diagnostics().stream().anyMatch(Diagnostic::isError);
            if (c.isRecordable() && !failed) {
                RuleRecord record = c.record(result.diagnostics(), outputs, summary);
                reports.pending(() -> run.record(c.ruleFile(), record));
            }
        }
        return new TestOutcomes(tested, diagnostics);
    }

    /** The in-process evaluator, or the Elasticsearch at the engine URL (credentials from the environment). */
    private VerdictSource verdictSource() {
        if (options.engineUrl().isEmpty()) {
            return new DslEvaluator(fieldTypes.indexBase());
        }
        EngineConnection connection = EngineConnection.fromEnvironment(options.engineUrl().get(), System.getenv());
        return new EngineVerdicts(new EngineClient(connection), fieldTypes.indexBase());
    }

    /**
     * What decides the verdicts, as recorded results depend on it: the engine's version and its URL without user
     * info (never a credential), or the built-in evaluator.
     */
    private String verdictSourceIdentity(VerdictSource verdicts) {
        return verdicts.description() + options.engineUrl()
                .map(url -> " " + EngineConnection.anonymous(url).displayUrl() + Objects.toString(url.getRawPath(), ""))
                .orElse("");
    }

    /** Validates, then writes the Kibana import bundle — only when there is no error, and only when it changed. */
    public StageReport bundle() {
        RunOutputs outputs = RunOutputs.open(options);
        CheckedRules checked = check();
        IncrementalRun run = IncrementalRun.start("bundle", options);
        InputFingerprints inputs = fingerprints();
        List<RuleCompilation> compiled = compileEach(checked, run, inputs::ofSource);
        compiled.stream().filter(RuleCompilation::isRecordable).forEach(c -> run.record(c.ruleFile(), c.record(List.of())));
        List<Diagnostic> diagnostics = checked.diagnostics(compiled, List.of());
        Optional<String> withheld = outputs.withheldBecause(diagnostics);
        if (withheld.isPresent()) {
            outputs.save(run);
            return outputs.finish(new StageReport("bundle", diagnostics,
                    List.of("bundle not written (" + withheld.get() + "): " + tally(diagnostics), run.summary(checked.ruleFiles())),
                    List.of(), false));
        }
        List<Rule> rules = checked.validation().rules();
        String bundleInputs = inputs.ofBundle(rules, lockFile());
        Path ndjson = options.bundleDirectory().resolve(BundleWriter.NDJSON);
        String contents = " (manifest, one JSON per rule, and " + BundleWriter.zipOf(options.bundleDirectory()).getFileName() + ")";
        List<Path> written = new ArrayList<>();
        String line;
        if (run.outputsUpToDate(bundleInputs)) {
            line = "bundle up to date: " + rules.size() + " rule" + plural(rules.size()) + " in " + ndjson + contents;
        } else {
            Optional<BundleWriter.Bundle> bundle = outputs.write(
                    () -> new BundleWriter().write(rules, checked.lock(), options.bundleDirectory()), "the bundle");
            if (bundle.isPresent()) {
                run.recordOutputs(new StageOutputs(bundleInputs,
                        bundle.get().files().stream().map(file -> OutputFile.of(options.outputDirectory(), file)).toList()));
                written.addAll(List.of(bundle.get().ndjson(), bundle.get().manifest(), bundle.get().zip()));
                line = "bundle: " + rules.size() + " rule" + plural(rules.size()) + " written to " + bundle.get().ndjson() + contents;
            } else {
                line = "bundle not written (it could not be written; the previous bundle is unchanged): " + tally(diagnostics);
            }
        }
        outputs.save(run);
        return outputs.finish(new StageReport("bundle", diagnostics,
                withBaseline(List.of(line, run.summary(checked.ruleFiles())), checked, compiled, List.of()), written, false));
    }

    /** {@link #diff(String, Optional)} of the working tree. */
    public StageReport diff(String base) {
        return diff(base, Optional.empty());
    }

    /**
     * Compares the rules — of the working tree, or of the git revision {@code head} — with a base (a git revision
     * of the repository holding the rules, or a bundle file) and writes the review as Markdown
     * ({@code <out>/diff.md}) and JSON ({@code <out>/diff.json}). Each side's versions come from its own lock.
     *
     * @throws IllegalArgumentException when the base is neither a bundle file nor a known revision, or the head
     *                                  no known revision ({@link io.ruleforge.diff.UnknownRevisionException})
     */
    public StageReport diff(String base, Optional<String> head) {
        return diff(base, head, List.of());
    }

    /**
     * As {@link #diff(String, Optional)}; with recorded {@code events} (PR mode) each changed rule's alerts gained
     * and lost on them are added to diff.md and diff.json ({@code alert_changes}).
     */
    public StageReport diff(String base, Optional<String> head, List<Path> events) {
        BaseRuleSet baseRules = BaseRuleSet.read(base, options.rulesDirectory(), options.displayBase());
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Rule> headRules;
        VersionLock headLock;
        String headLabel;
        if (head.isPresent()) {
            BaseRuleSet atHead = BaseRuleSet.fromGit(head.get(), options.rulesDirectory(), "head");
            diagnostics.addAll(atHead.diagnostics()); // the change under review: what cannot be read of it is an error
            headRules = atHead.rules();
            headLock = atHead.lock();
            headLabel = atHead.label();
        } else {
            CheckedRules checked = check();
            diagnostics.addAll(compileAll(checked));
            headRules = checked.validation().rules();
            headLock = checked.lock();
            headLabel = DiffReport.WORKING_TREE;
        }
        RuleSetDiffer differ = new RuleSetDiffer(compiler, new DslEvaluator(fieldTypes.indexBase()),
                new FixtureLoader(options.fixturesDirectory(), options.displayBase()));
        DiffReport report = differ.diff(baseRules, headLabel, headRules, headLock);
        String markdown = new DiffMarkdown().render(report);
        com.fasterxml.jackson.databind.node.ObjectNode reportJson = DIFF_JSON.valueToTree(report);
        if (!events.isEmpty()) {
            try {
                java.util.Map<String, AlertChanges.RuleAlerts> alerts = AlertChanges.of(report, baseRules.rules(), headRules, compiler,
                        EventFiles.of(events, options.displayBase()), Replayer.Options.defaults());
                markdown += AlertChanges.markdown(alerts);
                reportJson.set("alert_changes", DIFF_JSON.valueToTree(alerts.values()));
            } catch (EventInputException e) {
                diagnostics.add(Diagnostic.error(io.ruleforge.replay.ReplayCodes.BAD_EVENTS, e.position(), e.getMessage()));
                return new StageReport("diff", diagnostics, List.of("diff not written: the events cannot be read"), List.of(), false);
            }
        }
        Path md = options.outputDirectory().resolve("diff.md");
        Path json = options.outputDirectory().resolve("diff.json");
        try {
            // both or neither: a new diff.md beside an old diff.json would review two different changes
            new StagedOutputs().file(md, markdown.getBytes(StandardCharsets.UTF_8))
                    .file(json, (DIFF_JSON.writeValueAsString(reportJson) + "\n").getBytes(StandardCharsets.UTF_8)).commit();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        diagnostics.addAll(baseRules.diagnostics().stream()
                .map(d -> new Diagnostic(d.code(), Severity.WARNING, d.position(), "in the base: " + d.message(), d.hint())).toList());
        List<String> summary = new ArrayList<>(markdown.lines().toList());
        summary.add("diff written to " + md + " and " + json);
        return new StageReport("diff", diagnostics, summary, List.of(md, json), false);
    }

    /**
     * The part every entry point runs on every rule, every time: loading, schema validation (duplicate ids and
     * names are checked across the set), the query errors of rules with schema errors, and the version lock.
     */
    private CheckedRules check() {
        List<Diagnostic> diagnostics = new ArrayList<>();
        LoadResult loaded;
        if (!Files.isDirectory(options.rulesDirectory())) {
            diagnostics.add(Diagnostic.error(LoadCodes.UNREADABLE, SourcePosition.ofFile(options.rulesDirectory().toString()),
                    "rules directory does not exist"));
            loaded = new LoadResult(List.of(), List.of());
        } else {
            loaded = new RuleLoader(options.displayBase()).loadDirectory(options.rulesDirectory(), options.excludes());
        }
        diagnostics.addAll(loaded.diagnostics());
        ValidationResult validation = new SchemaValidator().validate(loaded.documents());
        diagnostics.addAll(validation.diagnostics());
        // Rules with schema errors are not compiled for use, but their query errors belong in the same report.
        List<Diagnostic> queryErrors = compiler.compile(validation.rulesWithErrors()).diagnostics().stream()
                .filter(Diagnostic::isError).toList();
        List<Diagnostic> lockDiagnostics = new ArrayList<>();
        VersionLock lock = readLock(lockDiagnostics);
        lockDiagnostics.addAll(lock.check(validation.rules(), LOCK_COMMAND, DisplayPaths.of(options.displayBase(), lockFile())));
        Set<String> stems = new TreeSet<>();
        loaded.documents().forEach(d -> stems.add(Rule.stemOf(d.displayPath())));
        // a file that did not load is still some rule's: its fixture folder is not a stray
        loaded.diagnostics().forEach(d -> stems.add(Rule.stemOf(d.position().file())));
        Optional<Baseline> baseline = Optional.empty();
        if (Files.isRegularFile(baselineFile())) {
            try {
                baseline = Optional.of(Baseline.read(baselineFile(), DisplayPaths.of(options.displayBase(), baselineFile())));
            } catch (Baseline.BaselineException e) {
                diagnostics.add(e.diagnostic());
            }
        }
        return new CheckedRules(diagnostics, validation, queryErrors, lock, lockDiagnostics, stems, baseline, this::baselineName);
    }

    /** The summary, and how many baselined warnings remain when there is a baseline. */
    private List<String> withBaseline(List<String> summary, CheckedRules checked, List<RuleCompilation> compiled,
                                      List<Diagnostic> testDiagnostics) {
        List<String> lines = new ArrayList<>(summary);
        checked.baselineSummary(compiled, testDiagnostics, DisplayPaths.of(options.displayBase(), baselineFile())).ifPresent(lines::add);
        return lines;
    }

    private Path baselineFile() {
        return options.rulesDirectory().resolve(Baseline.FILE_NAME);
    }

    /** A finding's file relative to the rules folder, with '/', whichever directory the run started in. */
    private String baselineName(String displayed) {
        Path file = options.displayBase().resolve(displayed).toAbsolutePath().normalize();
        Path rules = options.rulesDirectory().toAbsolutePath().normalize();
        return rules.relativize(file).toString().replace('\\', '/');
    }

    /**
     * Records today's warnings in {@link Baseline#FILE_NAME} beside the rules, for a team adopting ruleforge on an
     * existing repository; later runs report only warnings not in it. Errors are not recorded: they must be fixed.
     */
    public StageReport baseline() {
        CheckedRules checked = check();
        List<RuleCompilation> compiled = compileEach(checked, IncrementalRun.stateless(), rule -> "");
        List<Diagnostic> all = checked.allDiagnostics(compiled, List.of());
        List<Diagnostic> errors = all.stream().filter(Diagnostic::isError).toList();
        String display = DisplayPaths.of(options.displayBase(), baselineFile());
        try {
            Baseline.write(baselineFile(), all, this::baselineName);
        } catch (OutputException e) {
            List<Diagnostic> failed = new ArrayList<>(errors);
            failed.add(Diagnostic.error(OutputCodes.UNWRITABLE, SourcePosition.ofFile(display), "cannot write the baseline: " + e.reason()));
            return new StageReport("baseline", failed, List.of("baseline not written"), List.of(), false);
        }
        long warnings = all.stream().filter(d -> d.severity() == Severity.WARNING).count();
        return new StageReport("baseline", errors, List.of("baseline of " + warnings + " warning" + plural(warnings) + " written to "
                + display + (errors.isEmpty() ? "" : "; errors are never baselined: fix them")), List.of(baselineFile()), false);
    }

    /**
     * Replays recorded events through every rule that compiles ({@code replay} package): writes replay.md,
     * replay.json and optionally alerts.ndjson to the output directory; a rule over the alert budget is an error.
     */
    public StageReport replay(ReplayRun.Request request, Replayer.ProgressListener progress) {
        CheckedRules checked = check();
        List<RuleCompilation> compiled = compileEach(checked, IncrementalRun.stateless(), rule -> "");
        List<CompiledRule> rules = compiled.stream().flatMap(c -> c.compiled().stream()).toList();
        ReplayRun.Outcome outcome = ReplayRun.run(rules, request, options.outputDirectory(), options.displayBase(), progress);
        List<Diagnostic> diagnostics = new ArrayList<>(checked.diagnostics(compiled, List.of()));
        diagnostics.addAll(outcome.diagnostics());
        return new StageReport("replay", diagnostics, outcome.summary(), outcome.written(), false);
    }

    /** Compiles each valid rule, or replays it when {@code run} has it up to date. */
    private List<RuleCompilation> compileEach(CheckedRules checked, IncrementalRun run, Function<Rule, String> fingerprint) {
        List<RuleCompilation> compiled = new ArrayList<>();
        Set<String> shared = checked.sharedFileStems();
        for (Rule rule : checked.validation().rules()) {
            String inputs = fingerprint.apply(rule);
            Optional<RuleRecord> upToDate = shared.contains(rule.fileStem()) ? Optional.empty() : run.upToDate(rule.displayPath(), inputs);
            if (upToDate.isPresent()) {
                compiled.add(RuleCompilation.replay(rule, upToDate.get()));
            } else {
                List<Diagnostic> diagnostics = new ArrayList<>();
                Optional<CompiledRule> result;
                try {
                    result = compiler.compile(rule, diagnostics);
                } catch (RuntimeException e) {
                    // a fault in ruleforge: an error at the rule being compiled, and the other rules still are
                    diagnostics.add(InternalErrors.diagnostic(rule.displayPath(), "compiling this rule", e));
                    result = Optional.empty();
                }
                compiled.add(RuleCompilation.computed(rule, inputs, result, diagnostics));
            }
        }
        return compiled;
    }

    /** Every finding of compiling every rule, none replayed or recorded: the on-demand commands (lock, diff). */
    private List<Diagnostic> compileAll(CheckedRules checked) {
        return checked.diagnostics(compileEach(checked, IncrementalRun.stateless(), rule -> ""), List.of());
    }

    private InputFingerprints fingerprints() {
        return new InputFingerprints(options, CodeFingerprint.of(Ruleforge.class));
    }

    /** How users run the lock update, whichever front end they use. */
    static final String LOCK_COMMAND = "mvn ruleforge:lock` or `ruleforge lock";

    private Path lockFile() {
        return options.rulesDirectory().resolve(VersionLock.FILE_NAME);
    }

    private VersionLock readLock(List<Diagnostic> diagnostics) {
        VersionLock.Read read = VersionLock.read(lockFile(), DisplayPaths.of(options.displayBase(), lockFile()));
        diagnostics.addAll(read.diagnostics());
        return read.lock();
    }

    /**
     * Rewrites the version lock from the current rules: new rules are added at their version, rules whose content
     * changed are bumped. Refuses while any rule has an error other than a missing bump.
     */
    public StageReport lock() {
        CheckedRules checked = check();
        List<Diagnostic> diagnostics = compileAll(checked);
        List<Diagnostic> blocking = diagnostics.stream()
                .filter(d -> d.isError() && !d.code().equals(LockCodes.CHANGED_WITHOUT_BUMP)).toList();
        if (!blocking.isEmpty()) {
            return new StageReport("lock", diagnostics, List.of("version lock not written: " + tally(blocking)), List.of(), false);
        }
        List<Rule> rules = checked.validation().rules();
        VersionLock next = checked.lock().updated(rules);
        List<String> summary = new ArrayList<>();
        for (Rule rule : rules) {
            int before = checked.lock().entry(rule.ruleId()).map(VersionLock.Entry::version).orElse(0);
            int after = next.entry(rule.ruleId()).orElseThrow().version();
            if (after != before) {
                summary.add((before == 0 ? "locked " : "bumped ") + rule.displayPath() + " (" + rule.ruleId() + ") "
                        + (before == 0 ? "at version " + after : "from version " + before + " to " + after));
            }
        }
        AtomicFiles.write(lockFile(), next.render());
        summary.add("version lock: " + rules.size() + " rule" + plural(rules.size())
                + " in " + DisplayPaths.of(options.displayBase(), lockFile()) + ", " + (summary.size()) + " changed");
        // the lock findings that remain are those of the lock just written (a rule file's version it took agrees now)
        List<Diagnostic> remaining = new ArrayList<>(diagnostics);
        remaining.removeAll(checked.lockDiagnostics());
        VersionLock written = readLock(remaining);
        List<Diagnostic> rechecked = written.check(rules, LOCK_COMMAND, DisplayPaths.of(options.displayBase(), lockFile()));
        // like every other finding, one the team baselined is not reported again
        remaining.addAll(checked.baseline().map(b -> b.apply(rechecked, checked.baselineNames()).kept()).orElse(rechecked));
        remaining.sort(Diagnostic.BY_POSITION);
        return new StageReport("lock", remaining, summary, List.of(lockFile()), false);
    }

    private static String tally(List<Diagnostic> diagnostics) {
        long errors = diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).count();
        long warnings = diagnostics.stream().filter(d -> d.severity() == Severity.WARNING).count();
        return errors + " error" + plural(errors) + ", " + warnings + " warning" + plural(warnings);
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
