package io.ruleforge.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.bundle.VersionLock;
import io.ruleforge.compile.RuleCompiler;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.diff.AlertChanges;
import io.ruleforge.diff.BaseRuleSet;
import io.ruleforge.diff.DiffMarkdown;
import io.ruleforge.diff.DiffReport;
import io.ruleforge.diff.RuleSetDiffer;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.files.StagedOutputs;
import io.ruleforge.harness.FixtureLoader;
import io.ruleforge.replay.EventFiles;
import io.ruleforge.replay.EventInputException;
import io.ruleforge.replay.ReplayCodes;
import io.ruleforge.replay.Replayer;
import io.ruleforge.report.StageLines;
import io.ruleforge.rule.Rule;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares the rules — of the working tree, or of the git revision {@code head} — with a base (a git revision of the
 * repository holding the rules, or a bundle file) and writes the review as Markdown ({@code <out>/diff.md}) and JSON
 * ({@code <out>/diff.json}), and its findings as SARIF. Each side's versions come from its own lock.
 */
final class DiffStage {

    /** snake_case keys, as in every other JSON ruleforge and Kibana write. */
    private static final ObjectMapper DIFF_JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private DiffStage() {
    }

    /**
     * @throws IllegalArgumentException when the base is neither a bundle file nor a known revision, or the head no
     *                                  known revision ({@link io.ruleforge.diff.UnknownRevisionException})
     */
    static StageReport run(StageContext context, String base, Optional<String> head) {
        return run(context, base, head, List.of(), Optional.empty());
    }

    /**
     * As {@link #run(StageContext, String, Optional)}; with recorded {@code events} (PR mode) each changed rule's
     * alerts gained and lost on them are added to diff.md and diff.json ({@code alert_changes}).
     */
    static StageReport run(StageContext context, String base, Optional<String> head, List<Path> events, Optional<String> eventsIndex) {
        RuleforgeOptions options = context.options();
        // a base or head that does not exist is a usage error, before anything is written
        BaseRuleSet baseRules = BaseRuleSet.read(base, options.rulesDirectory(), options.exceptionsLocation(), options.displayBase());
        Optional<BaseRuleSet> atHead = head.map(revision -> BaseRuleSet.fromGit(revision, options.rulesDirectory(),
                options.exceptionsLocation(), "head"));
        RunOutputs outputs = RunOutputs.open(options);
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Rule> headRules;
        VersionLock headLock;
        String headLabel;
        if (atHead.isPresent()) {
            diagnostics.addAll(atHead.get().diagnostics()); // the change under review: what cannot be read of it is an error
            headRules = atHead.get().rules();
            headLock = atHead.get().lock();
            headLabel = atHead.get().label();
        } else {
            CheckedRules checked = new RuleChecks(context).check();
            diagnostics.addAll(checked.diagnostics(new IncrementalCompiler(context.compiler()).findingsOfAll(checked), List.of()));
            headRules = checked.validation().rules();
            headLock = checked.lock();
            headLabel = DiffReport.WORKING_TREE;
        }
        // a head read from git has its own exception lists
        RuleCompiler headCompiler = atHead.flatMap(BaseRuleSet::exceptions).map(context.compiler()::withExceptionLists)
                .orElse(context.compiler());
        RuleSetDiffer differ = new RuleSetDiffer(headCompiler, new DslEvaluator(context.fieldTypes().indexBase()),
                new FixtureLoader(options.fixturesDirectory(), options.displayBase()));
        Path rulesFolder = options.rulesDirectory().toAbsolutePath().normalize();
        DiffReport report = differ.diff(baseRules, headLabel, headRules, headLock, rule -> atHead.isPresent()
                ? atHead.get().pathInRulesFolder(rule)
                : pathIn(rulesFolder, options.displayBase().toAbsolutePath().resolve(rule.displayPath()).normalize()));
        diagnostics.addAll(baseRules.diagnostics().stream()
                .map(d -> new Diagnostic(d.code(), Severity.WARNING, d.position(), "in the base: " + d.message(), d.hint())).toList());
        String markdown = new DiffMarkdown().render(report);
        ObjectNode reportJson = DIFF_JSON.valueToTree(report);
        if (!events.isEmpty()) {
            try {
                Map<String, AlertChanges.RuleAlerts> alerts = AlertChanges.of(report, baseRules, headRules,
                        headCompiler, EventFiles.of(events, options.displayBase()).recordedIn(eventsIndex.orElse(null)),
                        Replayer.Options.defaults().withKibanaVersion(options.kibanaVersion()));
                markdown += AlertChanges.markdown(alerts);
                reportJson.set("alert_changes", DIFF_JSON.valueToTree(alerts.values()));
            } catch (EventInputException e) {
                diagnostics.addAll(io.ruleforge.replay.ReplayRun.diagnostics(e));
                return outputs.finish(new StageReport("diff", diagnostics, List.of(StageLines.diffNotWritten("the recorded events cannot be read")), List.of()));
            }
        }
        Path md = options.outputDirectory().resolve("diff.md");
        Path json = options.outputDirectory().resolve("diff.json");
        byte[] jsonBytes;
        try {
            jsonBytes = (DIFF_JSON.writeValueAsString(reportJson) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        // both or neither: a new diff.md beside an old diff.json would review two different changes
        boolean written = outputs.commit(new StagedOutputs().file(md, markdown.getBytes(StandardCharsets.UTF_8)).file(json, jsonBytes),
                "the review (diff.md, diff.json)");
        List<String> notes = new ArrayList<>(markdown.lines().toList());
        notes.add(written ? StageLines.diffWritten(md, json) : StageLines.diffNotWritten());
        return outputs.finish(new StageReport("diff", diagnostics, notes, written ? List.of(md, json) : List.of()));
    }

    /** {@code file} relative to {@code folder} with forward slashes ({@code net/x.toml}); empty when not below it. */
    private static Optional<String> pathIn(Path folder, Path file) {
        return file.startsWith(folder) ? Optional.of(folder.relativize(file).toString().replace('\\', '/')) : Optional.empty();
    }
}
