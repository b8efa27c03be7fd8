package io.ruleforge.harness;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.DisplayPaths;
import io.ruleforge.diag.EditDistance;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.FileProblems;
import io.ruleforge.harness.cases.CaseFileLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks the fixtures directory as a whole, so that no fixture is skipped silently: a folder no rule file reads
 * (a typo in its name, a renamed rule) and a file in a rule's folder that is not {@code positive.ndjson} or
 * {@code negative.ndjson} (e.g. {@code negatives.ndjson}) would otherwise never run while the build stays green.
 * Each is a warning with the nearest name that would be read; what cannot be listed or followed is an error.
 */
public final class FixtureLayout {

    /** Lists a folder's entries: the seam through which tests make a folder unreadable (they run as root). */
    @FunctionalInterface
    public interface Listing {
        List<Path> entries(Path folder) throws IOException;
    }

    private static List<Path> onDisk(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.toList();
        }
    }

    private final Path fixturesDirectory;
    private final Path displayBase;
    private final Listing listing;

    public FixtureLayout(Path fixturesDirectory, Path displayBase) {
        this(fixturesDirectory, displayBase, FixtureLayout::onDisk);
    }

    public FixtureLayout(Path fixturesDirectory, Path displayBase, Listing listing) {
        this.fixturesDirectory = fixturesDirectory;
        this.displayBase = displayBase.toAbsolutePath().normalize();
        this.listing = listing;
    }

    /** The error when the fixtures directory is missing or not a directory; empty when it can be read. */
    public Optional<Diagnostic> missingDirectory() {
        if (Files.isDirectory(fixturesDirectory)) {
            return Optional.empty();
        }
        String problem = FileProblems.brokenLink(fixturesDirectory)
                .orElse(FileProblems.isPresent(fixturesDirectory) ? "is not a directory" : "does not exist");
        return Optional.of(new Diagnostic(HarnessCodes.NO_FIXTURES_DIRECTORY, Severity.ERROR,
                SourcePosition.ofFile(display(fixturesDirectory)), "fixtures directory " + problem,
                "create it, or point --fixtures / fixturesDirectory at the folder that holds one folder per rule"));
    }

    /**
     * What in the fixtures directory no rule reads.
     *
     * @param ruleFileStems the file names without extension of every rule file found, loadable or not
     */
    public List<Diagnostic> check(Collection<String> ruleFileStems) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        if (missingDirectory().isPresent()) {
            return diagnostics;
        }
        for (Path entry : list(fixturesDirectory, diagnostics)) {
            String name = entry.getFileName().toString();
            Optional<String> broken = FileProblems.brokenLink(entry);
            if (broken.isPresent()) {
                diagnostics.add(Diagnostic.error(HarnessCodes.STRAY_FIXTURE, SourcePosition.ofFile(display(entry)),
                        "cannot read fixture folder: " + broken.get()));
            } else if (!Files.isDirectory(entry)) {
                if (name.endsWith(".ndjson")) {
                    diagnostics.add(new Diagnostic(HarnessCodes.STRAY_FIXTURE, Severity.WARNING, SourcePosition.ofFile(display(entry)),
                            "fixture file outside a rule's fixture folder is never read",
                            "move it to <rule file name without extension>/" + FixtureLoader.POSITIVE + " or " + FixtureLoader.NEGATIVE));
                }
            } else if (!ruleFileStems.contains(name)) {
                diagnostics.add(new Diagnostic(HarnessCodes.STRAY_FIXTURE, Severity.WARNING, SourcePosition.ofFile(display(entry) + "/"),
                        "fixture folder matches no rule file, so its fixtures are never run",
                        nearest(name, ruleFileStems).map(s -> "did you mean " + s + "/ (the rule file " + s + ".toml or .yaml)?")
                                .orElse("name it after its rule file without the extension, or delete it")));
            } else {
                checkFolder(entry, diagnostics);
            }
        }
        return diagnostics;
    }

    private void checkFolder(Path folder, List<Diagnostic> diagnostics) {
        for (Path entry : list(folder, diagnostics)) {
            String name = entry.getFileName().toString();
            if (FixtureLoader.FILE_NAMES.contains(name)) {
                continue; // read (and any problem reported) by FixtureLoader
            }
            if (name.equals(CaseFileLoader.CASES_FOLDER)) {
                continue; // multi-event cases: read (and any problem reported) by CaseFileLoader
            }
            if (name.equals(IndicatorMatchCases.INDICATORS_FILE)) {
                continue; // an indicator match rule's threat index: read (and any problem reported) by IndicatorMatchCases
            }
            diagnostics.add(new Diagnostic(HarnessCodes.STRAY_FIXTURE, Severity.WARNING, SourcePosition.ofFile(display(entry)),
                    (Files.isDirectory(entry) ? "folder" : "file") + " in a fixture folder is never read: only "
                            + FixtureLoader.POSITIVE + " and " + FixtureLoader.NEGATIVE + " are",
                    nearest(name, FixtureLoader.FILE_NAMES).map(s -> "did you mean " + s + "?")
                            .orElse("rename it " + FixtureLoader.POSITIVE + " or " + FixtureLoader.NEGATIVE + ", or delete it")));
        }
    }

    private List<Path> list(Path directory, List<Diagnostic> diagnostics) {
        try {
            return listing.entries(directory).stream().sorted().toList();
        } catch (IOException e) {
            diagnostics.add(Diagnostic.error(HarnessCodes.NO_FIXTURES_DIRECTORY, SourcePosition.ofFile(display(directory)),
                    "cannot list fixture folder: " + FileProblems.describe(e)));
            return List.of();
        }
    }

    /** The known name closest to {@code name}, when it is close enough to be a typo of it. */
    private static Optional<String> nearest(String name, Collection<String> known) {
        int limit = Math.max(3, name.length() / 3 + 1);
        String best = null;
        int bestDistance = limit;
        for (String candidate : known.stream().sorted().toList()) {
            int distance = EditDistance.between(name.toLowerCase(), candidate.toLowerCase(), limit);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private String display(Path path) {
        return DisplayPaths.of(displayBase, path);
    }
}
