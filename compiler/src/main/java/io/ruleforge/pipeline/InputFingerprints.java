package io.ruleforge.pipeline;


import io.ruleforge.diag.DisplayPaths;
import io.ruleforge.harness.FixtureLoader;
import io.ruleforge.rule.ExceptionListLoader;
import io.ruleforge.rule.ExceptionLists;
import io.ruleforge.rule.Rule;
import io.ruleforge.state.CodeFingerprint;
import io.ruleforge.state.Fingerprint;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Fingerprints of everything a stage's recorded results depend on; a result is replayed only while its
 * fingerprint is unchanged (README, "Incremental builds"). Paths go in as messages show them, because recorded
 * diagnostics and reports carry them.
 */
final class InputFingerprints {

    private final String settings;
    private final Path fixturesDirectory;
    private final Path displayBase;

    /**
     * @param exceptions the exception lists as read for this run, and {@code now}, the moment their items' expiry
     *                   was decided at: the verdicts depend on the bytes read and on which items had expired
     */
    InputFingerprints(RuleforgeOptions options, CodeFingerprint code, ExceptionListLoader.Result exceptions, Instant now) {
        this.settings = settings(options, code)
                .add("exception lists read", exceptions.digest())
                .add("expired exception items", expiredItems(exceptions.lists(), now))
                .hex();
        this.fixturesDirectory = options.fixturesDirectory();
        this.displayBase = options.displayBase();
    }

    /**
     * What every rule's results depend on besides the rule's own files: ruleforge itself, and every option that
     * changes what it produces. An option of that kind is added here, and nowhere else.
     */
    static Fingerprint settings(RuleforgeOptions options, CodeFingerprint code) {
        return new Fingerprint()
                .add("ruleforge version", code.version())
                .add("ruleforge code", code.sha256())
                .add("kibana version", options.kibanaVersion().name())
                .add("esql version", options.esqlVersion().name())
                .add("schema", options.schema())
                // the entries as written: an INDEX-PATTERN= changes which rules a file applies to
                .add("mappings", String.join("\n", options.mappings()))
                .addFiles("mapping files", IndexMappingResolver.mappingFiles(options.schema(), options.mappings(), options.displayBase()))
                // the items of the lists a rule names join its search; their bytes are added as they were read
                .add("exception lists folder", DisplayPaths.of(options.displayBase(), options.exceptionsLocation()));
    }

    /**
     * The items that have expired by now, by position: an item expiring between two runs changes the verdicts of the
     * rules that use it, though no file changed.
     */
    private static String expiredItems(ExceptionLists exceptions, Instant now) {
        StringBuilder expired = new StringBuilder();
        exceptions.all().forEach(list -> list.items().stream().filter(i -> i.expiredAt(now))
                .forEach(i -> expired.append(i.position()).append('\n')));
        return expired.toString();
    }

    /** A rule's compilation: the settings and the rule file, as read and as messages name it. */
    String ofSource(Rule rule) {
        return source(rule).hex();
    }

    /**
     * A rule's test: its source, its fixture folder (every file in it, by name and bytes, and the folder as
     * messages and hints name it), and what decides the verdicts.
     */
    String ofTest(Rule rule, String verdictSource) {
        Fingerprint test = source(rule).add("verdicts decided by", verdictSource);
        if (!FixtureLoader.namesAFolder(rule.fileStem())) {
            return test.add("fixture folder", "(none)").hex(); // never the fixtures directory or its parent
        }
        Path folder = fixturesDirectory.resolve(rule.fileStem());
        return test
                // absolute: the same folder whether given relative (the CLI) or absolute (the plugin)
                .add("fixture folder", folder.toAbsolutePath().normalize().toString())
                .add("fixture folder shown as", DisplayPaths.of(displayBase, folder))
                .addTree("fixtures", folder)
                .hex();
    }

    /** The bundle: the settings, every rule that goes into it, and the version lock. */
    String ofBundle(List<Rule> rules, Path lockFile) {
        Fingerprint bundle = new Fingerprint().add("settings", settings).add("rules", String.valueOf(rules.size()));
        rules.forEach(rule -> bundle.add("rule file", rule.displayPath()).add("rule text sha-256", rule.document().textSha256()));
        return bundle.addFile("version lock", lockFile).hex();
    }

    private Fingerprint source(Rule rule) {
        return new Fingerprint()
                .add("settings", settings)
                .add("rule file", rule.displayPath())
                .add("rule text sha-256", rule.document().textSha256());
    }
}
