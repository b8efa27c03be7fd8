package io.ruleforge.pipeline;

import io.ruleforge.bundle.VersionLock;
import io.ruleforge.compile.CompilerSettings;
import io.ruleforge.compile.RuleCompiler;
import io.ruleforge.diag.DisplayPaths;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.fields.IndexMappings;
import io.ruleforge.report.Baseline;
import io.ruleforge.rule.ExceptionListLoader;
import io.ruleforge.state.CodeFingerprint;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What every stage of one {@link Ruleforge} works with: the options, the field types they resolve to, the compiler
 * over them, and where the files beside the rules are.
 */
record StageContext(RuleforgeOptions options, IndexMappings fieldTypes, RuleCompiler compiler,
                    ExceptionListLoader.Result exceptions, Instant now, long documentRoom, boolean appliesBaseline) {

    /** How users run the lock update, whichever front end they use. */
    static final String LOCK_COMMAND = "mvn ruleforge:lock` or `ruleforge lock";

    /** @throws IllegalArgumentException when an option names something that does not exist (e.g. the schema) */
    static StageContext of(RuleforgeOptions options) {
        IndexMappings fieldTypes = IndexMappingResolver.resolve(options.schema(), options.mappings(), options.displayBase());
        Path rules = options.rulesDirectory().toAbsolutePath().normalize();
        if (rules.startsWith(options.exceptionsLocation().toAbsolutePath().normalize())) {
            // its files would be read as exception lists, and every rule left out of the rule search
            throw new IllegalArgumentException("the exception lists folder " + options.exceptionsLocation()
                    + " holds the rules folder " + options.rulesDirectory() + "; keep the lists in a folder of their own");
        }
        ExceptionListLoader.Result exceptions = new ExceptionListLoader(options.displayBase())
                .load(options.exceptionsLocation(), options.exceptionsDirectory().isPresent());
        // one moment decides which exception items have expired, for the verdicts and for what records them
        Instant now = Instant.now();
        return new StageContext(options, fieldTypes,
                new RuleCompiler(new CompilerSettings(options.kibanaVersion(), fieldTypes, DslOptions.DEFAULT,
                        options.esqlVersion()), exceptions.lists(), now), exceptions, now,
                RuleChecks.SpareRoom.roomOf(Runtime.getRuntime().maxMemory()), true);
    }

    /** This context with {@code bytes} of room for the documents a stage keeps after checking them (tests). */
    StageContext withDocumentRoom(long bytes) {
        return new StageContext(options, fieldTypes, compiler, exceptions, now, bytes, appliesBaseline);
    }

    /** This context reporting every warning, the baselined ones too: what {@code baseline} records. */
    StageContext withoutBaseline() {
        return new StageContext(options, fieldTypes, compiler, exceptions, now, documentRoom, false);
    }

    Path lockFile() {
        return options.rulesDirectory().resolve(VersionLock.FILE_NAME);
    }

    Path baselineFile() {
        return options.rulesDirectory().resolve(Baseline.FILE_NAME);
    }

    /** A path as findings and summaries name it: relative to where the run started. */
    String display(Path file) {
        return DisplayPaths.of(options.displayBase(), file);
    }

    /** A finding's file relative to the rules folder, with '/', whichever directory the run started in. */
    String baselineName(String displayed) {
        Path file = options.displayBase().resolve(displayed).toAbsolutePath().normalize();
        Path rules = options.rulesDirectory().toAbsolutePath().normalize();
        return rules.relativize(file).toString().replace('\\', '/');
    }

    /** The inputs each stage's results depend on; ruleforge's own code is one of them. */
    InputFingerprints fingerprints() {
        return new InputFingerprints(options, CodeFingerprint.of(Ruleforge.class), exceptions, now);
    }
}
