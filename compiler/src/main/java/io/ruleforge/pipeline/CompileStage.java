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
        StageRun stage = StageRun.start(context, "compile");
        List<RuleCompilation> compiled = stage.compile(context.fingerprints()::ofSource);
        List<Diagnostic> diagnostics = stage.checked.diagnostics(compiled, List.of());
        Optional<String> withheld = stage.outputs.withheldBecause(diagnostics);
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
}
