package io.ruleforge.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.bundle.BundleWriter;
import io.ruleforge.bundle.LockCodes;
import io.ruleforge.diag.DiagnosticException;
import io.ruleforge.bundle.VersionLock;
import io.ruleforge.compile.CompilationResult;
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
import io.ruleforge.eqlgen.EqlTranslation;
import io.ruleforge.fields.IndexMappings;
import io.ruleforge.files.AtomicFiles;
import io.ruleforge.harness.DslEvaluator;
import io.ruleforge.harness.FixtureLoader;
import io.ruleforge.harness.HarnessCodes;
import io.ruleforge.harness.RuleTestResult;
import io.ruleforge.harness.RuleTestRunner;
import io.ruleforge.harness.TestRunResult;
import io.ruleforge.harness.VerdictSource;
import io.ruleforge.harness.engine.EngineClient;
import io.ruleforge.harness.engine.EngineConnection;
import io.ruleforge.harness.engine.EngineException;
import io.ruleforge.harness.engine.EngineVerdicts;
import io.ruleforge.load.LoadCodes;
import io.ruleforge.load.LoadResult;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.report.ConsoleSummary;
import io.ruleforge.report.JUnitXmlReport;
import io.ruleforge.report.SarifReport;
import io.ruleforge.validate.SchemaValidator;
import io.ruleforge.validate.ValidationResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one entry point of the library, shared by the CLI and the Maven goals: {@link #validate()},
 * {@link #compile()}, {@link #test()} and {@link #bundle()} each run the stages they need, in order
 * (load → validate → compile → test → bundle), and report every finding at once.
 */
public final class Ruleforge {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** snake_case keys, as in every other JSON ruleforge and Kibana write. */
    private static final ObjectMapper DIFF_JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private final RuleforgeOptions options;
    private final IndexMappings fieldTypes;

    /** @throws IllegalArgumentException when an option names something that does not exist (e.g. the schema) */
    public Ruleforge(RuleforgeOptions options) {
        this.options = options;
        this.fieldTypes = FieldSchemas.resolve(options.schema(), options.mappings(), options.displayBase());
    }

    /** Loads, validates and compiles every rule; writes the findings as SARIF ({@code <out>/ruleforge.sarif}). */
    public StageReport validate() {
        Compiled compiled = loadAndCompile();
        int rules = compiled.validation.rules().size();
        return withSarif(new StageReport("validate", compiled.diagnostics,
                List.of(rules + " rule" + plural(rules) + " validated: " + tally(compiled.diagnostics)), List.of(), false));
    }

    /** Every entry point leaves its findings where code-scanning UIs can pick them up. */
    private StageReport withSarif(StageReport report) {
        Path sarif = new SarifReport().write(report.diagnostics(), options.outputDirectory());
        List<Path> written = new ArrayList<>(report.written());
        written.add(sarif);
        return new StageReport(report.stage(), report.diagnostics(), report.summary(), written, report.testsFailed());
    }

    /** As {@link #validate()}, and writes each rule's DSL and EQL to {@code <out>/compiled/<file stem>.json}. */
    public StageReport compile() {
        Compiled compiled = loadAndCompile();
        List<Path> written = new ArrayList<>();
        if (!hasErrors(compiled.diagnostics)) {
            for (CompiledRule rule : compiled.compilation.rules()) {
                if (rule.dsl().isPresent()) {
                    Path file = options.compiledDirectory().resolve(rule.rule().fileStem() + ".json");
                    AtomicFiles.write(file, compiledJson(rule));
                    written.add(file);
                }
            }
        }
        List<String> summary = List.of(written.size() + " rule" + plural(written.size()) + " compiled (Kibana "
                + options.kibanaVersion().label() + ", fields: " + fieldTypes.describe() + ")"
                + (written.isEmpty() ? "" : " to " + options.compiledDirectory()) + ": " + tally(compiled.diagnostics));
        return withSarif(new StageReport("compile", compiled.diagnostics, summary, written, false));
    }

    /**
     * Runs every compiled rule on its fixtures and writes JUnit XML reports to {@code <out>/reports/}. Rules with
     * errors are not tested; their errors fail the report.
     */
    public StageReport test() {
        Compiled compiled = loadAndCompile();
        FixtureLoader fixtures = new FixtureLoader(options.fixturesDirectory(), options.displayBase());
        VerdictSource verdicts = new DslEvaluator(fieldTypes.indexBase());
        TestRunResult run;
        try {
            if (options.engineUrl().isPresent()) {
                EngineConnection connection = EngineConnection.fromEnvironment(options.engineUrl().get(), System.getenv());
                verdicts = new EngineVerdicts(new EngineClient(connection), fieldTypes.indexBase());
            }
            run = new RuleTestRunner(verdicts, fixtures).run(compiled.compilation.rules());
        } catch (EngineException e) {
            List<Diagnostic> failed = new ArrayList<>(compiled.diagnostics);
            // the URL as given may carry user info; reports show scheme, host and port only
            String engine = options.engineUrl().map(url -> EngineConnection.anonymous(url).displayUrl()).orElse("engine");
            failed.add(Diagnostic.error(HarnessCodes.ENGINE_UNAVAILABLE, SourcePosition.ofFile(engine),
                    "fixtures not run: " + e.getMessage()));
            return new StageReport("test", failed, List.of("fixtures not run: the engine failed"), List.of(), true);
        }
        List<Diagnostic> diagnostics = new ArrayList<>(compiled.diagnostics);
        diagnostics.addAll(run.diagnostics());
        diagnostics.sort(Diagnostic.BY_POSITION);
        List<Path> written = new ArrayList<>();
        JUnitXmlReport junit = options.engineUrl().isPresent() ? new JUnitXmlReport(verdicts.description()) : new JUnitXmlReport();
        for (RuleTestResult result : run.rules()) {
            written.add(junit.write(result, options.reportsDirectory()));
        }
        List<String> summary = new ArrayList<>(new ConsoleSummary().lines(run));
        if (options.engineUrl().isPresent()) {
            summary.add("verdicts decided by " + verdicts.description());
        }
        summary.add("diagnostics: " + tally(diagnostics) + "; reports in " + options.reportsDirectory());
        return withSarif(new StageReport("test", diagnostics, summary, written, !run.passed()));
    }

    /** Validates, then writes the Kibana import bundle — only when there is no error. */
    public StageReport bundle() {
        Compiled compiled = loadAndCompile();
        if (hasErrors(compiled.diagnostics)) {
            return withSarif(new StageReport("bundle", compiled.diagnostics,
                    List.of("bundle not written: " + tally(compiled.diagnostics)), List.of(), false));
        }
        List<io.ruleforge.rule.Rule> rules = compiled.validation.rules();
        BundleWriter.Bundle bundle = new BundleWriter().write(rules, compiled.lock, options.bundleDirectory());
        return withSarif(new StageReport("bundle", compiled.diagnostics,
                List.of("bundle: " + rules.size() + " rule" + plural(rules.size()) + " written to " + bundle.ndjson()
                        + " (manifest, one JSON per rule, and " + bundle.zip().getFileName() + ")"),
                List.of(bundle.ndjson(), bundle.manifest(), bundle.zip()), false));
    }

    /**
     * Compares the rules with a base — a git revision of the repository holding the rules, or a bundle file —
     * and writes the review as Markdown ({@code <out>/diff.md}) and JSON ({@code <out>/diff.json}).
     *
     * @throws IllegalArgumentException when the base is neither a bundle file nor a known revision
     */
    public StageReport diff(String base) {
        Compiled compiled = loadAndCompile();
        BaseRuleSet baseRules = BaseRuleSet.read(base, options.rulesDirectory(), options.displayBase());
        CompilerSettings settings = new CompilerSettings(options.kibanaVersion(), fieldTypes, DslOptions.DEFAULT);
        RuleSetDiffer differ = new RuleSetDiffer(new RuleCompiler(settings), new DslEvaluator(fieldTypes.indexBase()),
                new FixtureLoader(options.fixturesDirectory(), options.displayBase()));
        DiffReport report = differ.diff(baseRules, compiled.validation.rules(), compiled.lock);
        String markdown = new DiffMarkdown().render(report);
        Path md = options.outputDirectory().resolve("diff.md");
        Path json = options.outputDirectory().resolve("diff.json");
        AtomicFiles.write(md, markdown);
        try {
            AtomicFiles.write(json, DIFF_JSON.writeValueAsString(report) + "\n");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        List<Diagnostic> diagnostics = new ArrayList<>(compiled.diagnostics);
        diagnostics.addAll(baseRules.diagnostics().stream()
                .map(d -> new Diagnostic(d.code(), Severity.WARNING, d.position(), "in the base: " + d.message(), d.hint())).toList());
        List<String> summary = new ArrayList<>(markdown.lines().toList());
        summary.add("diff written to " + md + " and " + json);
        return new StageReport("diff", diagnostics, summary, List.of(md, json), false);
    }

    /** The shared first half of every entry point. */
    private Compiled loadAndCompile() {
        List<Diagnostic> diagnostics = new ArrayList<>();
        LoadResult loaded;
        if (!Files.isDirectory(options.rulesDirectory())) {
            diagnostics.add(Diagnostic.error(LoadCodes.UNREADABLE, SourcePosition.ofFile(options.rulesDirectory().toString()),
                    "rules directory does not exist"));
            loaded = new LoadResult(List.of(), List.of());
        } else {
            try {
                loaded = new RuleLoader(options.displayBase()).loadDirectory(options.rulesDirectory(), options.excludes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list rule files in " + options.rulesDirectory(), e);
            }
        }
        diagnostics.addAll(loaded.diagnostics());
        ValidationResult validation = new SchemaValidator().validate(loaded.documents());
        diagnostics.addAll(validation.diagnostics());
        CompilerSettings settings = new CompilerSettings(options.kibanaVersion(), fieldTypes, DslOptions.DEFAULT);
        RuleCompiler compiler = new RuleCompiler(settings);
        CompilationResult compilation = compiler.compile(validation.rules());
        diagnostics.addAll(compilation.diagnostics());
        // Rules with schema errors are not compiled for use, but their query errors belong in the same report.
        diagnostics.addAll(compiler.compile(validation.rulesWithErrors()).diagnostics().stream()
                .filter(Diagnostic::isError).toList());
        VersionLock lock = readLock(diagnostics);
        diagnostics.addAll(lock.check(validation.rules(), LOCK_COMMAND));
        diagnostics.sort(Diagnostic.BY_POSITION);
        return new Compiled(validation, compilation, lock, diagnostics);
    }

    private record Compiled(ValidationResult validation, CompilationResult compilation, VersionLock lock,
                            List<Diagnostic> diagnostics) {
    }

    /** How users run the lock update, whichever front end they use. */
    static final String LOCK_COMMAND = "mvn ruleforge:lock` or `ruleforge lock";

    private Path lockFile() {
        return options.rulesDirectory().resolve(VersionLock.FILE_NAME);
    }

    private VersionLock readLock(List<Diagnostic> diagnostics) {
        try {
            return VersionLock.read(lockFile(), DisplayPaths.of(options.displayBase(), lockFile()));
        } catch (DiagnosticException e) {
            diagnostics.add(e.diagnostic());
            return VersionLock.empty();
        }
    }

    /**
     * Rewrites the version lock from the current rules: new rules are added at their version, rules whose content
     * changed are bumped. Refuses while any rule has an error other than a missing bump.
     */
    public StageReport lock() {
        Compiled compiled = loadAndCompile();
        List<Diagnostic> blocking = compiled.diagnostics.stream()
                .filter(d -> d.isError() && !d.code().equals(LockCodes.CHANGED_WITHOUT_BUMP)).toList();
        if (!blocking.isEmpty()) {
            return new StageReport("lock", compiled.diagnostics, List.of("version lock not written: " + tally(blocking)), List.of(), false);
        }
        VersionLock next = compiled.lock.updated(compiled.validation.rules());
        List<String> summary = new ArrayList<>();
        for (io.ruleforge.rule.Rule rule : compiled.validation.rules()) {
            int before = compiled.lock.entry(rule.ruleId()).map(VersionLock.Entry::version).orElse(0);
            int after = next.entry(rule.ruleId()).orElseThrow().version();
            if (after != before) {
                summary.add((before == 0 ? "locked " : "bumped ") + rule.displayPath() + " (" + rule.ruleId() + ") "
                        + (before == 0 ? "at version " + after : "from version " + before + " to " + after));
            }
        }
        AtomicFiles.write(lockFile(), next.render());
        summary.add("version lock: " + compiled.validation.rules().size() + " rule" + plural(compiled.validation.rules().size())
                + " in " + DisplayPaths.of(options.displayBase(), lockFile()) + ", " + (summary.size()) + " changed");
        List<Diagnostic> remaining = compiled.diagnostics.stream()
                .filter(d -> !d.code().equals(LockCodes.CHANGED_WITHOUT_BUMP) && !d.code().equals(LockCodes.NOT_LOCKED)).toList();
        return new StageReport("lock", remaining, summary, List.of(lockFile()), false);
    }

    private static String compiledJson(CompiledRule rule) {
        ObjectNode out = PRETTY.createObjectNode();
        out.put("rule_id", rule.rule().ruleId());
        out.put("name", rule.rule().name());
        out.put("file", rule.rule().displayPath());
        out.put("kql", rule.rule().query().orElse(""));
        out.set("dsl", rule.dsl().orElseThrow());
        Optional<EqlTranslation> eql = rule.eql();
        if (eql.isPresent() && eql.get() instanceof EqlTranslation.Expressed expressed) {
            out.put("eql", expressed.query());
        } else if (eql.isPresent() && eql.get() instanceof EqlTranslation.NotExpressible not) {
            out.put("eql_not_expressible", not.reason());
        }
        try {
            return PRETTY.writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasErrors(List<Diagnostic> diagnostics) {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
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
