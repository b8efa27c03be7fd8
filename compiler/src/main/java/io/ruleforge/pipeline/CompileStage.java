package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.files.FileNames;
import io.ruleforge.report.StageLines;
import io.ruleforge.state.OutputFile;

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
        RuleforgeOptions options = context.options();
        // each rule's file is rendered as soon as it is compiled: the text is all this stage needs of a compiled rule
        StageRun<Rendered> stage = StageRun.start(context, "compile", context.fingerprints()::ofSource, Rendered::of);
        List<Rendered> rendered = stage.compiled;
        List<RuleCompilation> compiled = rendered.stream().map(Rendered::compilation).toList();
        List<Diagnostic> diagnostics = stage.checked.diagnostics(compiled, List.of());
        Optional<String> withheld = stage.outputs.withheldBecause(diagnostics);
        List<Path> written = new ArrayList<>();
        int compiledFiles = 0;
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
                    files.add(folder.add(FileNames.fit("", c.rule().fileStem(), ".json"), r.json().get()));
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
                context.fieldTypes().describe(), options.compiledDirectory(), diagnostics);
        List<String> notes = stage.withBaseline(List.of(result, stage.incrementalLine()), compiled, List.of());
        return stage.finish(diagnostics, notes, written);
    }

    /** A rule's compilation without the compiled rule, and its compiled file's text when it has one. */
    private record Rendered(RuleCompilation compilation, Optional<String> json) {

        static Rendered of(RuleCompilation c) {
            return new Rendered(c.findingsOnly(), c.compiled().filter(CompiledRuleJson::hasOutput).map(CompiledRuleJson::render));
        }
    }
}
