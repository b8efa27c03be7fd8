package io.ruleforge.pipeline;

import io.ruleforge.esql.EsqlVersion;
import io.ruleforge.evaluate.engine.EngineSettings;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.state.StateStore;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a run needs to know, whoever starts it (CLI or Maven goal).
 *
 * @param rulesDirectory    where the rule files are (searched recursively)
 * @param fixturesDirectory where each rule's {@code <file stem>/positive.ndjson} and {@code negative.ndjson} are
 * @param outputDirectory   where compiled queries, reports and the bundle go
 * @param displayBase       file names in messages are relative to this directory
 * @param excludes          directories below {@code rulesDirectory} that hold no rules (e.g. build output)
 * @param kibanaVersion     whose KQL → DSL translation to reproduce
 * @param schema            the field types every index is assumed to have: {@code ecs} (default), {@code ecs-8.17},
 *                          {@code none} (Kibana without an index pattern)
 * @param failOnWarning     treat warnings as errors
 * @param engineUrl         when present, fixture verdicts come from the Elasticsearch at this URL instead of the
 *                          in-process evaluator (credentials from {@code RULEFORGE_ES_API_KEY} or
 *                          {@code RULEFORGE_ES_USERNAME}/{@code RULEFORGE_ES_PASSWORD})
 * @param mappings          Elasticsearch mapping / index-template / {@code GET _mapping} files, each
 *                          {@code FILE} or {@code INDEX-PATTERN=FILE}, extending or overriding the schema for the
 *                          rules whose indices they describe (see {@link IndexMappingResolver})
 * @param incremental       recompute only the rules whose inputs changed since the last run with this output
 *                          directory (its {@code state/}); when false every rule is recomputed, and the state is
 *                          still written for the next run
 * @param keepState         whether the build state is kept in {@code <out>/state} at all: the CLI keeps none when
 *                          it was given no {@code --out}, so that a check writes no state where nobody asked for it
 * @param esqlVersion       the ES|QL syntax ES|QL rules are parsed with (8.19 or 9.x), chosen as {@code kibanaVersion}
 *                          is for KQL
 * @param engineSettings    how to talk to the engine: TLS trust, timeouts, retries (used only with {@code engineUrl})
 * @param exceptionsDirectory where the project's exception lists are ({@code [[exceptions]]} files, the layout of
 *                          Elastic's detection-rules repository); empty: the folder {@code exceptions} beside the rules
 *                          folder, when there is one
 */
public record RuleforgeOptions(Path rulesDirectory, Path fixturesDirectory, Path outputDirectory, Path displayBase,
                               List<Path> excludes, KibanaVersion kibanaVersion, String schema, boolean failOnWarning,
                               Optional<URI> engineUrl, List<String> mappings, boolean incremental, boolean keepState,
                               EsqlVersion esqlVersion, EngineSettings engineSettings, Optional<Path> exceptionsDirectory) {

    /** Options reading the exception lists from the conventional folder, {@code exceptions} beside the rules. */
    public RuleforgeOptions(Path rulesDirectory, Path fixturesDirectory, Path outputDirectory, Path displayBase,
                            List<Path> excludes, KibanaVersion kibanaVersion, String schema, boolean failOnWarning,
                            Optional<URI> engineUrl, List<String> mappings, boolean incremental, boolean keepState,
                            EsqlVersion esqlVersion, EngineSettings engineSettings) {
        this(rulesDirectory, fixturesDirectory, outputDirectory, displayBase, excludes, kibanaVersion, schema, failOnWarning,
                engineUrl, mappings, incremental, keepState, esqlVersion, engineSettings, Optional.empty());
    }

    /** Options talking to an engine, if any, with {@link EngineSettings#DEFAULT}. */
    public RuleforgeOptions(Path rulesDirectory, Path fixturesDirectory, Path outputDirectory, Path displayBase,
                            List<Path> excludes, KibanaVersion kibanaVersion, String schema, boolean failOnWarning,
                            Optional<URI> engineUrl, List<String> mappings, boolean incremental, boolean keepState,
                            EsqlVersion esqlVersion) {
        this(rulesDirectory, fixturesDirectory, outputDirectory, displayBase, excludes, kibanaVersion, schema, failOnWarning,
                engineUrl, mappings, incremental, keepState, esqlVersion, EngineSettings.DEFAULT);
    }

    /** Options deciding fixtures with the in-process evaluator, building incrementally. */
    public RuleforgeOptions(Path rulesDirectory, Path fixturesDirectory, Path outputDirectory, Path displayBase,
                            List<Path> excludes, KibanaVersion kibanaVersion, String schema, boolean failOnWarning) {
        this(rulesDirectory, fixturesDirectory, outputDirectory, displayBase, excludes, kibanaVersion, schema, failOnWarning,
                Optional.empty(), List.of(), true, true);
    }

    /** Options parsing ES|QL rules with the default syntax, {@link EsqlVersion#DEFAULT}. */
    public RuleforgeOptions(Path rulesDirectory, Path fixturesDirectory, Path outputDirectory, Path displayBase,
                            List<Path> excludes, KibanaVersion kibanaVersion, String schema, boolean failOnWarning,
                            Optional<URI> engineUrl, List<String> mappings, boolean incremental, boolean keepState) {
        this(rulesDirectory, fixturesDirectory, outputDirectory, displayBase, excludes, kibanaVersion, schema, failOnWarning,
                engineUrl, mappings, incremental, keepState, EsqlVersion.DEFAULT);
    }

    public RuleforgeOptions {
        Objects.requireNonNull(rulesDirectory, "rulesDirectory");
        Objects.requireNonNull(fixturesDirectory, "fixturesDirectory");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        Objects.requireNonNull(displayBase, "displayBase");
        excludes = List.copyOf(excludes);
        Objects.requireNonNull(kibanaVersion, "kibanaVersion");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(engineUrl, "engineUrl");
        mappings = List.copyOf(mappings);
        Objects.requireNonNull(esqlVersion, "esqlVersion");
        Objects.requireNonNull(engineSettings, "engineSettings");
        Objects.requireNonNull(exceptionsDirectory, "exceptionsDirectory");
    }

    /** These options with fixture verdicts from the Elasticsearch at {@code url}. */
    public RuleforgeOptions withEngine(URI url) {
        return new RuleforgeOptions(rulesDirectory, fixturesDirectory, outputDirectory, displayBase, excludes, kibanaVersion,
                schema, failOnWarning, Optional.of(url), mappings, incremental, keepState, esqlVersion, engineSettings, exceptionsDirectory);
    }

    /** These options with fixture verdicts from the Elasticsearch at {@code url}, reached with {@code settings}. */
    public RuleforgeOptions withEngine(URI url, EngineSettings settings) {
        return new RuleforgeOptions(rulesDirectory, fixturesDirectory, outputDirectory, displayBase, excludes, kibanaVersion,
                schema, failOnWarning, Optional.of(url), mappings, incremental, keepState, esqlVersion, settings, exceptionsDirectory);
    }

    /** These options with the given mapping files. */
    public RuleforgeOptions withMappings(List<String> files) {
        return new RuleforgeOptions(rulesDirectory, fixturesDirectory, outputDirectory, displayBase, excludes, kibanaVersion,
                schema, failOnWarning, engineUrl, files, incremental, keepState, esqlVersion, engineSettings, exceptionsDirectory);
    }

    /** These options, building incrementally or not. */
    public RuleforgeOptions withIncremental(boolean on) {
        return new RuleforgeOptions(rulesDirectory, fixturesDirectory, outputDirectory, displayBase, excludes, kibanaVersion,
                schema, failOnWarning, engineUrl, mappings, on, keepState, esqlVersion, engineSettings, exceptionsDirectory);
    }

    /** These options keeping no build state: every rule is recomputed and nothing is recorded. */
    public RuleforgeOptions withoutState() {
        return new RuleforgeOptions(rulesDirectory, fixturesDirectory, outputDirectory, displayBase, excludes, kibanaVersion,
                schema, failOnWarning, engineUrl, mappings, false, false, esqlVersion, engineSettings, exceptionsDirectory);
    }

    /** These options parsing ES|QL rules with the given syntax. */
    public RuleforgeOptions withEsqlVersion(EsqlVersion version) {
        return new RuleforgeOptions(rulesDirectory, fixturesDirectory, outputDirectory, displayBase, excludes, kibanaVersion,
                schema, failOnWarning, engineUrl, mappings, incremental, keepState, version, engineSettings, exceptionsDirectory);
    }

    /** These options reading the exception lists from {@code directory}, which must then exist. */
    public RuleforgeOptions withExceptions(Path directory) {
        return new RuleforgeOptions(rulesDirectory, fixturesDirectory, outputDirectory, displayBase, excludes, kibanaVersion,
                schema, failOnWarning, engineUrl, mappings, incremental, keepState, esqlVersion, engineSettings,
                Optional.of(directory));
    }

    /** Where the exception lists are read from: the folder given, else {@code exceptions} beside the rules folder. */
    public Path exceptionsLocation() {
        return exceptionsDirectory.orElseGet(() -> rulesDirectory.toAbsolutePath().normalize().resolveSibling("exceptions"));
    }

    /** Folders below the rules folder that hold no rules: those given, and the exception lists' folder. */
    public List<Path> ruleExcludes() {
        List<Path> all = new ArrayList<>(excludes);
        all.add(exceptionsLocation());
        return all;
    }

    /** The folder below the output directory that holds the JUnit reports. */
    public static final String REPORTS_FOLDER = "reports";

    public Path reportsDirectory() {
        return outputDirectory.resolve(REPORTS_FOLDER);
    }

    public Path compiledDirectory() {
        return outputDirectory.resolve("compiled");
    }

    public Path bundleDirectory() {
        return outputDirectory.resolve("bundle");
    }

    /** Where each stage records what it did, for the next incremental run. */
    public Path stateDirectory() {
        return outputDirectory.resolve(StateStore.DIRECTORY);
    }
}
