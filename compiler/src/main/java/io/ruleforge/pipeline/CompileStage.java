package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.files.FileNames;
import io.ruleforge.files.Sha256;
import io.ruleforge.files.Spool;
import io.ruleforge.report.StageLines;
import io.ruleforge.state.OutputFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * As validate, and writes each rule's DSL and EQL to {@code <out>/compiled/<file stem>.json} — only when the run does
 * not fail, all together, and only for rules not up to date; files of rules that no longer exist are removed.
 */
final class CompileStage {

    private CompileStage() {
    }

    static StageReport run(StageContext context) {
        // each rule's file is written to a spool as soon as the rule is compiled, so the run holds neither the compiled
        // rules nor their text; the files are moved into the compiled folder when it is switched in
        try (Spool spool = new Spool(context.options().compiledDirectory())) {
            return run(context, spool);
        }
    }

    private static StageReport run(StageContext context, Spool spool) {
        RuleforgeOptions options = context.options();
        StageRun<Rendered> stage = StageRun.start(context, "compile", context.fingerprints()::ofSource, c -> Rendered.of(c, spool));
        List<Rendered> rendered = stage.compiled;
        List<RuleCompilation> compiled = rendered.stream().map(Rendered::compilation).toList();
        List<Diagnostic> diagnostics = stage.checked.diagnostics(compiled, List.of());
        Optional<String> withheld = stage.outputs.withheldBecause(diagnostics);
        List<Path> written = new ArrayList<>();
        int compiledFiles = 0;
        if (withheld.isEmpty() && spool.failure().isPresent()) {
            // the spool is beside the compiled folder: what kept it from being written keeps the folder from it too
            stage.outputs.write(() -> {
                throw spool.failure().get();
            }, "the compiled queries");
            withheld = Optional.of("the compiled queries could not be written");
        }
        if (withheld.isEmpty()) {
            OutputFolder folder = new OutputFolder(options.outputDirectory(), options.compiledDirectory());
            for (Rendered r : rendered) {
                RuleCompilation c = r.compilation();
                if (c.replayed().isPresent()) {
                    folder.keep(c.replayed().get().outputs());
                    compiledFiles += c.replayed().get().outputs().size();
                    continue;
                }
                List<OutputFile> files = new ArrayList<>();
                if (r.json().isPresent()) {
                    files.add(folder.add(FileNames.fit("", c.rule().fileStem(), ".json"), r.json().get().file(), r.json().get().sha256()));
                    compiledFiles++;
                }
                folder.pending(() -> stage.run.record(c.ruleFile(), c.record(files)));
            }
            if (stage.outputs.commit(folder.staged(), "the compiled queries")) {
                written.addAll(folder.committed());
            } else {
                compiledFiles = 0;
                withheld = Optional.of("the compiled queries could not be written");
            }
        }
        // with an error nothing is written, so nothing new is recorded: the next run compiles those rules again
        String result = StageLines.compiled(withheld, compiledFiles, options.kibanaVersion().label(),
                context.fieldTypes().describe(), options.compiledDirectory(), stage.outputs.withWriteFailures(diagnostics));
        List<String> notes = stage.withBaseline(List.of(result, stage.incrementalLine()), compiled);
        return stage.finish(diagnostics, notes, written);
    }

    /** A rule's compilation without the compiled rule, and its compiled file in the spool when it has one. */
    private record Rendered(RuleCompilation compilation, Optional<Spooled> json) {

        static Rendered of(RuleCompilation c, Spool spool) {
            Optional<Spooled> json = c.compiled().filter(CompiledRuleJson::hasOutput).flatMap(rule -> {
                byte[] bytes = CompiledRuleJson.render(rule).getBytes(StandardCharsets.UTF_8);
                return spool.write(bytes).map(file -> new Spooled(file, Sha256.hex(bytes)));
            });
            return new Rendered(c.findingsOnly(), json);
        }
    }

    /** A compiled file waiting in the spool, and the SHA-256 of its bytes (what the build state records). */
    private record Spooled(Path file, String sha256) {
    }
}
