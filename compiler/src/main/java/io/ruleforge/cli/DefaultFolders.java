package io.ruleforge.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules and fixtures folders the CLI uses when not given: {@code rules/} and {@code test-fixtures/} (this
 * repository's layout), or else the Maven plugin's {@code src/rules/} and {@code src/test/fixtures/}, so that the
 * CLI run in a rules repository built with the plugin reads what the plugin reads. A folder given on the command
 * line is used as given.
 *
 * @param rules    the rules folder to use
 * @param fixtures the fixtures folder to use
 * @param notes    one line per folder the user should know about: a default found in the plugin's layout, or no
 *                 default folder at all
 */
record DefaultFolders(Path rules, Path fixtures, List<String> notes) {

    static final List<Path> RULES = List.of(Path.of("rules"), Path.of("src", "rules"));
    static final List<Path> FIXTURES = List.of(Path.of("test-fixtures"), Path.of("src", "test", "fixtures"));

    DefaultFolders {
        notes = List.copyOf(notes);
    }

    /**
     * @param workingDirectory where relative folders are looked up
     * @param rules            {@code --rules} as given, if it was
     * @param fixtures         {@code --fixtures} as given, if it was
     */
    static DefaultFolders resolve(Path workingDirectory, Optional<Path> rules, Optional<Path> fixtures) {
        List<String> notes = new ArrayList<>();
        Path rulesFolder = rules.orElseGet(() -> firstExisting(workingDirectory, RULES, "rules", notes).orElseGet(() -> {
            // the run then reports the missing folder; this says where else it looked and how to name one
            notes.add("no rules folder here: looked for " + slashed(RULES.get(0)) + " and " + slashed(RULES.get(1))
                    + "; give one with --rules DIR");
            return RULES.get(0);
        }));
        // without fixtures the test stage reports each untested rule, so a missing folder needs no note
        Path fixturesFolder = fixtures.orElseGet(() -> firstExisting(workingDirectory, FIXTURES, "fixtures", notes)
                .orElse(FIXTURES.get(0)));
        return new DefaultFolders(rulesFolder, fixturesFolder, notes);
    }

    /** The first candidate that is a folder, noting when it is not the first. */
    private static Optional<Path> firstExisting(Path workingDirectory, List<Path> candidates, String what, List<String> notes) {
        for (int i = 0; i < candidates.size(); i++) {
            if (Files.isDirectory(workingDirectory.resolve(candidates.get(i)))) {
                if (i > 0) {
                    notes.add(what + " from " + slashed(candidates.get(i)) + " (the Maven plugin's layout; there is no "
                            + slashed(candidates.get(0)) + " here)");
                }
                return Optional.of(candidates.get(i));
            }
        }
        return Optional.empty();
    }

    /** Folder names as users type them, whatever the platform's separator. */
    private static String slashed(Path folder) {
        return folder.toString().replace('\\', '/') + "/";
    }
}
