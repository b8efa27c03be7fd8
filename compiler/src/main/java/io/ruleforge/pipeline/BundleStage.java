package io.ruleforge.pipeline;

import io.ruleforge.bundle.BundleWriter;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.load.RuleDocument;
import io.ruleforge.report.StageLines;
import io.ruleforge.rule.Rule;
import io.ruleforge.state.OutputFile;
import io.ruleforge.state.StageOutputs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Validates, then writes the Kibana import bundle — only when there is no error, and only when it changed. */
final class BundleStage {

    private BundleStage() {
    }

    static StageReport run(StageContext context) {
        RuleforgeOptions options = context.options();
        InputFingerprints inputs = context.fingerprints();
        // the bundle renders every rule from its document again: spared, the documents need not be read twice
        StageRun<RuleCompilation> stage = StageRun.open(context, "bundle")
                .check(inputs::ofSource, RuleCompilation::findingsOnly, RuleChecks.Documents.SPARED);
        List<RuleCompilation> compiled = stage.compiled;
        stage.recordCompiled(compiled);
        List<Diagnostic> diagnostics = stage.checked.diagnostics(compiled, List.of());
        Optional<String> withheld = stage.outputs.withheldBecause(diagnostics);
        if (withheld.isPresent()) {
            return stage.finish(diagnostics, List.of(StageLines.bundleWithheld(withheld.get(),
                            stage.outputs.withWriteFailures(diagnostics)), stage.incrementalLine()),
                    List.of());
        }
        List<Rule> rules = stage.checked.validation().rules();
        String bundleInputs = inputs.ofBundle(rules, context.lockFile());
        Path ndjson = options.bundleDirectory().resolve(BundleWriter.NDJSON);
        Path zip = BundleWriter.zipOf(options.bundleDirectory());
        List<Path> written = new ArrayList<>();
        List<Diagnostic> reported = new ArrayList<>(diagnostics);
        String line;
        if (stage.run.outputsUpToDate(bundleInputs, options.bundleDirectory())) {
            line = StageLines.bundleUpToDate(rules.size(), ndjson, zip);
        } else {
            Optional<BundleWriter.Bundle> bundle = write(stage, rules, reported);
            if (bundle.isPresent()) {
                stage.run.recordOutputs(new StageOutputs(bundleInputs,
                        bundle.get().files().stream()
                                .map(file -> OutputFile.hashed(options.outputDirectory(), file, bundle.get().sha256().get(file))).toList()));
                written.addAll(List.of(bundle.get().ndjson(), bundle.get().manifest(), bundle.get().zip()));
                line = StageLines.bundleWritten(rules.size(), bundle.get().ndjson(), zip);
            } else {
                line = StageLines.bundleUnwritable(stage.outputs.withWriteFailures(reported));
            }
        }
        return stage.finish(reported, stage.withBaseline(List.of(line, stage.incrementalLine()), compiled), written);
    }

    /** The bundle written, or empty when it could not be (a diagnostic says why). */
    private static Optional<BundleWriter.Bundle> write(StageRun<?> stage, List<Rule> rules, List<Diagnostic> reported) {
        try {
            return stage.outputs.write(() -> new BundleWriter().write(rules, stage.checked.lock(),
                    stage.context.exceptions().lists(), stage.context.options().bundleDirectory()), "the bundle");
        } catch (RuleDocument.RuleFileChangedException e) {
            // the run released the rule's document after checking it (and the heap had no room to spare it), and its
            // file is no longer what was checked:
            // nothing is written (the staged bundle is discarded), the run fails naming the file
            reported.add(e.diagnostic());
            reported.sort(Diagnostic.BY_POSITION);
            return Optional.empty();
        }
    }
}
