package io.ruleforge.maven;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.InternalErrors;
import io.ruleforge.files.OutputException;
import io.ruleforge.diag.Severity;
import io.ruleforge.report.ConsoleSummary;
import io.ruleforge.report.FindingGroups;
import io.ruleforge.report.RuleTestSummary;
import io.ruleforge.report.TestedRules;
import io.ruleforge.esql.EsqlVersion;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.diff.UnknownRevisionException;
import io.ruleforge.pipeline.RefusedRun;
import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.IndexMappingResolver;
import io.ruleforge.pipeline.RuleforgeOptions;
import io.ruleforge.pipeline.StageReport;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.util.List;
import java.util.Optional;

/** What every ruleforge goal shares: the configuration, running one library entry point, and reporting it. */
abstract class AbstractRuleforgeMojo extends AbstractMojo {

    /** Directory of the rule files (TOML or YAML, searched recursively). */
    @Parameter(property = "ruleforge.rulesDirectory", defaultValue = "${project.basedir}/src/rules", required = true)
    File rulesDirectory;

    // No angle brackets in these descriptions: the descriptor keeps them as text, and help:describe and
    // ruleforge:help then drop them as HTML tags (PluginDescriptorTest checks).
    /**
     * Directory of fixture folders, one per rule, named after the rule file without its extension and holding
     * {@code positive.ndjson} and {@code negative.ndjson}.
     */
    @Parameter(property = "ruleforge.fixturesDirectory", defaultValue = "${project.basedir}/src/test/fixtures", required = true)
    File fixturesDirectory;

    /** Where compiled queries, reports and the bundle are written. */
    @Parameter(property = "ruleforge.outputDirectory", defaultValue = "${project.build.directory}/ruleforge", required = true)
    File outputDirectory;

    /** Kibana version whose KQL → DSL translation (and indicator match searches) is reproduced: 7.17, 8.9, 8.10, 8.12 or later. */
    @Parameter(property = "ruleforge.kibanaVersion", defaultValue = "8.12")
    String kibanaVersion;

    /**
     * ES|QL syntax the ES|QL rules are parsed with: {@code 8.19} or {@code 9} ({@code INLINE STATS} and
     * {@code COMPLETION} are 9.x only), chosen as {@code kibanaVersion} is for KQL.
     */
    @Parameter(property = "ruleforge.esqlVersion", defaultValue = "9")
    String esqlVersion;

    /**
     * Field types every index is assumed to have: {@code ecs} (ECS 9.4.0), {@code ecs-8.17}, or {@code none}
     * (Kibana without an index pattern: the KQL translation knows no field types).
     */
    @Parameter(property = "ruleforge.schema", defaultValue = "ecs")
    String schema;

    /**
     * Elasticsearch mapping files whose field types extend or override the schema, each {@code FILE} or
     * {@code INDEX-PATTERN=FILE} (relative to the project directory): an index template applies to the rules whose
     * {@code index} patterns match its {@code index_patterns}, {@code GET _mapping} output to the rules searching
     * those indices, a plain mapping to every rule unless an INDEX-PATTERN is given. Later files win.
     */
    @Parameter(property = "ruleforge.mappings")
    List<String> mappings;

    /** The project directory, against which mapping files are resolved. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true)
    File projectDirectory;

    /**
     * Directory of the project's exception lists ({@code [[exceptions]]} files as Elastic's detection-rules repository
     * exports them), and in its folder {@code value_lists} the value lists their items test: one folder per list type
     * ({@code keyword}, {@code ip}, {@code ip_range}, …), one file per list, named by the list's id. Default: the folder
     * {@code exceptions} beside {@code rulesDirectory}, when there is one.
     */
    @Parameter(property = "ruleforge.exceptionsDirectory")
    File exceptionsDirectory;

    /** Fail the build on warnings too. */
    @Parameter(property = "ruleforge.failOnWarning", defaultValue = "false")
    boolean failOnWarning;

    /**
     * Log errors only (and how many warnings were left out; with failOnWarning the warnings too, which fail the
     * build); every finding is still in the SARIF report.
     */
    @Parameter(property = "ruleforge.quiet", defaultValue = "false")
    boolean quiet;

    /** Skip every ruleforge goal. */
    @Parameter(property = "ruleforge.skip", defaultValue = "false")
    boolean skip;

    /** File names in messages are relative to the directory Maven was started in. */
    @Parameter(defaultValue = "${session.executionRootDirectory}", readonly = true)
    File executionRoot;

    /** The build directory, never searched for rules even when it lies inside the rules directory. */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    File buildDirectory;

    /** The project whose build the goal is part of: its context remembers what earlier goals printed. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** This goal's execution, whose name tells later goals who printed a warning. */
    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    MojoExecution mojoExecution;

    /** Runs this goal's stage. */
    abstract StageReport run(Ruleforge ruleforge);

    /** The options with what this goal adds to them (e.g. the test goal's engine). */
    RuleforgeOptions goalOptions(RuleforgeOptions options) throws MojoExecutionException {
        return options;
    }

    /** The property that switches this goal off, if one does (beyond {@code ruleforge.skip}). */
    Optional<String> skippedBy() {
        return Optional.empty();
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Optional<String> skippedBy = skip ? Optional.of("ruleforge.skip") : skippedBy();
        if (skippedBy.isPresent()) {
            // say which switch: a build log that only says "skipped" leaves the reader guessing
            getLog().info("ruleforge: skipped (" + skippedBy.get() + ")");
            return;
        }
        Ruleforge ruleforge;
        try {
            ruleforge = new Ruleforge(goalOptions(options()));
        } catch (IllegalArgumentException e) {
            refused(e);
            throw new MojoExecutionException("ruleforge: " + e.getMessage(), e);
        } catch (MojoExecutionException e) {
            refused(new IllegalArgumentException(e.getMessage().replaceFirst("^ruleforge: ", ""), e.getCause()));
            throw e;
        }
        StageReport report;
        try {
            report = run(ruleforge);
        } catch (UnknownRevisionException e) {
            refused(e); // a diff base that names no revision: refused before comparing anything
            throw new MojoExecutionException("ruleforge: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("ruleforge: " + e.getMessage(), e);
        } catch (OutputException e) {
            throw new MojoExecutionException("ruleforge: cannot write " + e.path() + ": " + e.reason(), e);
        } catch (RuntimeException e) {
            // the last resort: one line in the build failure (Maven shows the trace only with -e)
            throw new MojoExecutionException("ruleforge: internal error, please report: " + InternalErrors.describe(e), e);
        }
        log(report);
        if (report.failed(failOnWarning)) {
            throw new MojoFailureException(failureMessage(report));
        }
    }

    /** A goal refused before it ran says why in its SARIF and reports too, never leaving the last green run's. */
    private void refused(IllegalArgumentException reason) {
        RefusedRun.record(outputDirectory.toPath(), (executionRoot != null ? executionRoot : new File(".")).toPath(),
                rulesDirectory.toPath(), reason);
    }

    private RuleforgeOptions options() throws MojoExecutionException {
        KibanaVersion version = KibanaVersion.parse(kibanaVersion).orElseThrow(() -> new MojoExecutionException(
                "ruleforge: unsupported kibanaVersion \"" + kibanaVersion + "\"; supported: " + KibanaVersion.supported() + " and later"));
        EsqlVersion esql = EsqlVersion.parse(esqlVersion).orElseThrow(() -> new MojoExecutionException(
                "ruleforge: unsupported esqlVersion \"" + esqlVersion + "\"; supported: 8.19, 9"));
        File base = executionRoot != null ? executionRoot : new File(".");
        List<java.nio.file.Path> excludes = buildDirectory == null ? List.of() : List.of(buildDirectory.toPath());
        RuleforgeOptions options = new RuleforgeOptions(rulesDirectory.toPath(), fixturesDirectory.toPath(), outputDirectory.toPath(),
                base.toPath(), excludes, version, schema, failOnWarning)
                .withMappings(mappings == null ? List.of() : mappings.stream()
                        .map(entry -> IndexMappingResolver.resolveEntry(entry, projectDirectory.toPath())).toList())
                .withEsqlVersion(esql);
        return exceptionsDirectory == null ? options : options.withExceptions(exceptionsDirectory.toPath());
    }

    private void log(StageReport report) {
        Log log = getLog();
        // each build goal validates every rule again: a warning an earlier goal of this build printed is counted
        ShownDiagnostics.Split split = ShownDiagnostics.of(project, outputDirectory)
                .split(report.diagnostics(), "ruleforge:" + mojoExecution.getGoal());
        split.after().keep(project, outputDirectory);
        // grouped by code as the CLI prints them: one noisy code does not bury the others
        FindingGroups groups = FindingGroups.of(split.toPrint(), quiet, failOnWarning);
        for (Diagnostic d : groups.shown()) {
            String finding = String.join(System.lineSeparator(), FindingGroups.withHint(d));
            if (d.severity() == Severity.ERROR) {
                log.error(finding);
            } else if (d.severity() == Severity.WARNING) {
                log.warn(finding);
            } else {
                log.info(finding);
            }
        }
        groups.groupLines().forEach(log::warn);
        // quiet prints errors only (and warnings that fail the build), and errors are never counted as repeated
        for (ShownDiagnostics.Repeated repeated : quiet && !failOnWarning ? List.<ShownDiagnostics.Repeated>of() : split.repeated()) {
            if (quiet && repeated.warnings() == 0) {
                continue; // notes only: quiet leaves them out
            }
            if (repeated.warnings() > 0) {
                log.warn(repeated.line());
            } else {
                log.info(repeated.line());
            }
        }
        report.tests().ifPresent(tests -> logTests(tests, log));
        report.notes().forEach(log::info);
    }

    /** Each tested rule at the level its status calls for, from the records; the words are the console's. */
    private static void logTests(TestedRules tests, Log log) {
        ConsoleSummary console = new ConsoleSummary();
        for (RuleTestSummary rule : tests.rules()) {
            String status = console.statusLine(rule);
            switch (rule.status()) {
                case FAILED -> log.error(status);
                // not a pass: its warning fails the build with failOnWarning
                case UNTESTED -> log.warn(status);
                case PASSED -> log.info(status);
            }
            log.info(console.countsLine(rule));
            console.failureLines(rule).forEach(log::error);
        }
        log.info(console.total(tests.rules()));
    }

    /** The build failure names the first error or failing case, so the summary line alone is useful. */
    private static String failureMessage(StageReport report) {
        String first = report.diagnostics().stream().filter(Diagnostic::isError).findFirst().map(Diagnostic::format)
                .or(() -> report.tests().flatMap(TestedRules::firstFailure))
                .or(() -> report.diagnostics().stream().filter(d -> d.severity() == Severity.WARNING).findFirst().map(Diagnostic::format))
                .orElse("see the log above");
        return "ruleforge " + report.stage() + " failed: " + first;
    }
}
