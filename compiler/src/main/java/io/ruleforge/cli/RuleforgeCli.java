package io.ruleforge.cli;

import io.ruleforge.diag.InternalErrors;
import io.ruleforge.files.OutputException;
import io.ruleforge.esql.EsqlVersion;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.diff.UnknownRevisionException;
import io.ruleforge.pipeline.RefusedRun;
import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.RuleforgeOptions;
import io.ruleforge.pipeline.StageReport;
import io.ruleforge.version.RuleforgeVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code java -jar ruleforge.jar validate|compile|test|bundle}: the command line over the same library entry
 * points the Maven goals call. Exit code 0 = success, 1 = errors or failing tests, 2 = bad usage.
 */
@Command(name = "ruleforge", mixinStandardHelpOptions = true, versionProvider = RuleforgeCli.Version.class,
        description = "Detection rules as code for Elastic Security: validate, compile, test and bundle rules.",
        subcommands = {
                RuleforgeCli.Validate.class, RuleforgeCli.Compile.class, RuleforgeCli.Test.class,
                RuleforgeCli.Bundle.class, RuleforgeCli.Lock.class, RuleforgeCli.Diff.class, QueryCommand.class, EqlCommand.class,
                EsqlCommand.class, ReplayCommand.class, BacktestCommand.class, RuleforgeCli.Baseline.class, ExplainCommand.class,
                CommandLine.HelpCommand.class})
public final class RuleforgeCli {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new RuleforgeCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("ruleforge: " + e.getMessage());
                return EXIT_USAGE;
            }
            if (e instanceof OutputException unwritable) {
                // the commands that write one file (lock, diff) meet a path in the way like any other output
                commandLine.getErr().println("ruleforge: cannot write " + unwritable.path() + ": " + unwritable.reason());
                return EXIT_FAILED;
            }
            // the last resort: a fault the stages did not pin on a rule file is still one line, never a stack trace
            commandLine.getErr().println("ruleforge: internal error, please report: " + InternalErrors.describe(e));
            return EXIT_FAILED;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // an Error passes picocli's exception handler; it is still one clear line, never a stack trace. The
            // outputs of a stage are written all together at its end, so none is left half-written.
            err.println("ruleforge: out of memory: the Java heap (at most " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MB) is too small for this run; give Java more, e.g. -Xmx1g (RULEFORGE_OPTS=-Xmx1g for bin/ruleforge)");
            err.flush();
            return EXIT_FAILED;
        }
    }

    /** Options every subcommand shares. */
    static class CommonOptions {
        // no picocli default: an absent option means "find the folder" (DefaultFolders)
        @Option(names = "--rules", description = "Directory of rule files (TOML/YAML). Default: rules, or src/rules "
                + "(the Maven plugin's layout) when there is no rules folder")
        Path rules;

        @Option(names = "--fixtures", description = "Directory of fixture folders, one per rule file. Default: test-fixtures, "
                + "or src/test/fixtures (the Maven plugin's layout) when there is no test-fixtures folder")
        Path fixtures;

        @Option(names = "--out", defaultValue = "target/ruleforge", description = "Output directory: the SARIF report, the build state and the command's outputs. "
                + "Default: ${DEFAULT-VALUE} (validate keeps a build state only when --out is given)")
        Path out;

        @Option(names = "--kibana", defaultValue = "8.12", description = "Kibana version whose KQL translation (and indicator match searches) to reproduce (7.17, 8.9, 8.10, 8.12 or later). Default: ${DEFAULT-VALUE}")
        String kibana;

        @Option(names = "--esql-version", defaultValue = "9", paramLabel = "VERSION",
                description = "ES|QL syntax the ES|QL rules are parsed with: 8.19 or 9 (INLINE STATS, COMPLETION are 9 only). "
                        + "Default: ${DEFAULT-VALUE}")
        String esqlVersion;

        @Option(names = "--schema", defaultValue = "ecs", description = "Field types every index is assumed to have: ecs, ecs-8.17, none (Kibana without an index pattern). Default: ${DEFAULT-VALUE}")
        String schema;

        @Option(names = "--mapping", paramLabel = "[INDEX-PATTERN=]FILE",
                description = "An Elasticsearch mapping, index template or GET _mapping file; its field types extend or override "
                        + "the schema for the rules whose index patterns match the template's index_patterns, the indices of "
                        + "GET _mapping output, or INDEX-PATTERN (a plain mapping without one applies to every rule). Repeatable.")
        List<String> mappings = new ArrayList<>();

        @Option(names = "--exceptions", paramLabel = "DIR", description = "Directory of exception list files ([[exceptions]] "
                + "with their container and items, as Elastic's detection-rules repository exports them); a rule's "
                + "[[rule.exceptions_list]] entries name them by list_id. The value lists their items test are the files "
                + "value_lists/<type>/<list id> below it, one value a line. Default: the folder exceptions beside the rules "
                + "folder, when there is one")
        Path exceptions;

        @Option(names = "--fail-on-warning", description = "Treat warnings as errors.")
        boolean failOnWarning;

        @Option(names = {"-q", "--quiet"}, description = "Print errors only (and how many warnings were left out; with "
                + "--fail-on-warning the warnings too); every finding is still in the SARIF report.")
        boolean quiet;

        /** The rules and fixtures folders: as given, or found in the working directory. */
        DefaultFolders folders() {
            return DefaultFolders.resolve(Path.of("").toAbsolutePath(), Optional.ofNullable(rules), Optional.ofNullable(fixtures));
        }

        RuleforgeOptions toOptions(DefaultFolders folders) {
            KibanaVersion version = KibanaVersion.parse(kibana).orElseThrow(() -> new IllegalArgumentException(
                    "unsupported Kibana version \"" + kibana + "\"; supported: " + KibanaVersion.supported() + " and later"));
            EsqlVersion esql = EsqlVersion.parse(esqlVersion).orElseThrow(() -> new IllegalArgumentException(
                    "unsupported ES|QL version \"" + esqlVersion + "\"; supported: 8.19, 9"));
            Path cwd = Path.of("").toAbsolutePath();
            RuleforgeOptions options = new RuleforgeOptions(folders.rules(), folders.fixtures(), out, cwd, List.of(), version,
                    schema, failOnWarning).withMappings(mappings).withEsqlVersion(esql);
            return exceptions == null ? options : options.withExceptions(exceptions);
        }
    }

    abstract static class StageCommand implements Callable<Integer> {
        @CommandLine.Mixin
        CommonOptions common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract Function<Ruleforge, StageReport> stage();

        /**
         * Whether this command, given no {@code --out}, keeps no build state: a check (validate) writes its findings
         * only, not state under the working directory nobody asked for. The build commands write outputs there anyway.
         */
        boolean keepsNoStateByDefault() {
            return false;
        }

        /** The options of this command: the common ones, and any a command adds. */
        RuleforgeOptions options(DefaultFolders folders) {
            return common.toOptions(folders);
        }

        @Override
        public Integer call() {
            DefaultFolders folders = common.folders();
            RuleforgeOptions options;
            Ruleforge ruleforge;
            Function<Ruleforge, StageReport> stage;
            try {
                options = options(folders);
                if (!spec.commandLine().getParseResult().hasMatchedOption("--out") && keepsNoStateByDefault()) {
                    options = options.withoutState();
                }
                ruleforge = new Ruleforge(options);
                stage = stage();
            } catch (IllegalArgumentException refused) {
                throw refused(folders, refused);
            }
            StageReport report;
            try {
                report = stage.apply(ruleforge);
            } catch (UnknownRevisionException refused) {
                throw refused(folders, refused); // a diff base that names no revision: refused before comparing anything
            }
            PrintWriter out = spec.commandLine().getOut();
            folders.notes().forEach(note -> out.println("ruleforge: " + note));
            report.lines(common.quiet, options.failOnWarning()).forEach(out::println);
            out.flush();
            return report.failed(options.failOnWarning()) ? EXIT_FAILED : EXIT_OK;
        }

        /** The handler prints a refused run's reason; its reports say it too, never the last green run's. */
        private IllegalArgumentException refused(DefaultFolders folders, IllegalArgumentException reason) {
            RefusedRun.record(common.out, Path.of("").toAbsolutePath(), folders.rules(), reason);
            return reason;
        }
    }

    /** The build stages, which recompute only the rules whose inputs changed unless told otherwise. */
    abstract static class IncrementalStageCommand extends StageCommand {
        @Option(names = "--no-incremental", description = "Recompute every rule, even those whose inputs did not change "
                + "since the last run with this output directory (its state/ folder).")
        boolean noIncremental;

        @Override
        RuleforgeOptions options(DefaultFolders folders) {
            return super.options(folders).withIncremental(!noIncremental);
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Load, validate and compile every rule; report every error.")
    static final class Validate extends IncrementalStageCommand {
        @Override
        boolean keepsNoStateByDefault() {
            return true;
        }

        @Override
        Function<Ruleforge, StageReport> stage() {
            return Ruleforge::validate;
        }
    }

    @Command(name = "compile", mixinStandardHelpOptions = true, description = "Validate, then write each rule's compiled queries (DSL, EQL, ES|QL, the detection engine's search) to <out>/compiled/.")
    static final class Compile extends IncrementalStageCommand {
        @Override
        Function<Ruleforge, StageReport> stage() {
            return Ruleforge::compile;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, description = "Run every rule on its fixtures; write JUnit XML to <out>/reports/.")
    static final class Test extends IncrementalStageCommand {
        // decide the fixtures with this cluster instead of the built-in evaluator (a temporary index per rule)
        @CommandLine.Mixin
        EngineOptions engine;

        @Override
        RuleforgeOptions options(DefaultFolders folders) {
            return engine.applyTo(super.options(folders));
        }

        @Override
        Function<Ruleforge, StageReport> stage() {
            return Ruleforge::test;
        }
    }

    @Command(name = "bundle", mixinStandardHelpOptions = true, description = "Validate, then write the Kibana import bundle <out>/bundle/rules.ndjson.")
    static final class Bundle extends IncrementalStageCommand {
        @Override
        Function<Ruleforge, StageReport> stage() {
            return Ruleforge::bundle;
        }
    }

    @Command(name = "baseline", mixinStandardHelpOptions = true,
            description = "Record today's warnings in <rules>/ruleforge-baseline.json (commit it): later runs report only "
                    + "warnings not in it, and say how many baselined ones remain.")
    static final class Baseline extends StageCommand {
        @Override
        Function<Ruleforge, StageReport> stage() {
            return Ruleforge::baseline;
        }
    }

    @Command(name = "lock", mixinStandardHelpOptions = true,
            description = "Rewrite <rules>/version.lock.json: add new rules, bump the version of rules whose content changed.")
    static final class Lock extends StageCommand {
        @Override
        Function<Ruleforge, StageReport> stage() {
            return Ruleforge::lock;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Compare the rules with a base (git revision or bundle file) for pull-request review; "
                    + "writes <out>/diff.md and <out>/diff.json.")
    static final class Diff extends StageCommand {
        @Option(names = "--base", defaultValue = "origin/main",
                description = "A git revision or a rules.ndjson bundle to compare with. Default: ${DEFAULT-VALUE}")
        String base;

        @Option(names = "--head", paramLabel = "REF",
                description = "Compare the rules as committed at this git revision instead of the working tree.")
        String head;

        @Option(names = "--events", arity = "1..*", paramLabel = "FILE|DIR",
                description = "Recorded events (as replay reads them): add each changed rule's alerts gained and lost on them.")
        List<Path> events = new ArrayList<>();

        @Option(names = "--index", paramLabel = "NAME",
                description = "The index the events that name none were recorded in (as replay's --index).")
        String index;

        @Override
        Function<Ruleforge, StageReport> stage() {
            if (index != null && events.isEmpty()) {
                throw new IllegalArgumentException("--index names the index of the recorded events: give them with --events");
            }
            return ruleforge -> ruleforge.diff(base, Optional.ofNullable(head), events, Optional.ofNullable(index));
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ruleforge " + RuleforgeVersion.current().describe()};
        }
    }
}
