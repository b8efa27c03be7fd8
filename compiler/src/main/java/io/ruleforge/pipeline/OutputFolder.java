package io.ruleforge.pipeline;

import io.ruleforge.files.StagedOutputs;
import io.ruleforge.state.OutputFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One output folder of a stage ({@code compiled/}, {@code reports/}) as this run leaves it: the files written now,
 * the files of up-to-date rules kept as they are — nothing else, so outputs of deleted rules go — and the records
 * to make for the next run once the folder is switched in (never before: a record names files that exist).
 */
final class OutputFolder {

    private final Path outputDirectory;
    private final Path folder;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, Path> spooled = new LinkedHashMap<>();
    private final Set<String> kept = new LinkedHashSet<>();
    private final List<Runnable> pending = new ArrayList<>();

    OutputFolder(Path outputDirectory, Path folder) {
        this.outputDirectory = outputDirectory;
        this.folder = folder;
    }

    /** A file to write now; the last one added under a name wins, as two writes would. */
    OutputFile add(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        spooled.remove(name);
        files.put(name, bytes);
        return OutputFile.of(outputDirectory, folder.resolve(name), bytes);
    }

    /** A file to write now whose bytes (with this SHA-256) wait in a spool, not in memory; the last one added wins. */
    OutputFile add(String name, Path spooledFile, String sha256) {
        files.remove(name);
        spooled.put(name, spooledFile);
        return OutputFile.hashed(outputDirectory, folder.resolve(name), sha256);
    }

    /** Files recorded for an up-to-date rule: kept as they are. */
    void keep(List<OutputFile> recorded) {
        Path base = folder.toAbsolutePath().normalize();
        for (OutputFile file : recorded) {
            Path path = outputDirectory.toAbsolutePath().normalize().resolve(file.path()).normalize();
            if (path.startsWith(base)) {
                kept.add(base.relativize(path).toString().replace('\\', '/'));
            }
        }
    }

    /** What to record once the folder is written. */
    void pending(Runnable record) {
        pending.add(record);
    }

    StagedOutputs staged() {
        List<String> keptNow = kept.stream().filter(name -> !files.containsKey(name) && !spooled.containsKey(name)).toList();
        return new StagedOutputs().directory(folder, files, spooled, keptNow);
    }

    /** Makes the pending records, now that the folder is switched in; the files written. */
    List<Path> committed() {
        pending.forEach(Runnable::run);
        pending.clear();
        List<Path> written = new ArrayList<>();
        files.keySet().forEach(name -> written.add(folder.resolve(name)));
        spooled.keySet().forEach(name -> written.add(folder.resolve(name)));
        return written;
    }
}
