package io.ruleforge.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The outputs of one run, switched in all together or not at all, so that readers never see a mix of two runs
 * (a bundle whose manifest hashes lines that are not in its {@code rules.ndjson}).
 *
 * <p>{@link #commit()} first writes everything beside its target — a folder to a hidden sibling folder, a file to
 * a hidden sibling file — and only then switches each in by renaming the old one aside and the new one in, undoing
 * every switch made so far when one fails. Whatever fails, the previous outputs are left byte-identical and the
 * staged copies are removed. A folder is replaced as a whole: files of rules that no longer exist go with it.
 */
public final class StagedOutputs {

    /**
     * A folder to hold exactly {@code content}, the files {@code spooled} (moved in) and the files {@code kept} from
     * its current self.
     */
    private record StagedDirectory(Map<String, byte[]> content, Map<String, Path> spooled, List<String> kept) {
    }

    private final Map<Path, StagedDirectory> directories = new LinkedHashMap<>();
    private final Map<Path, byte[]> files = new LinkedHashMap<>();
    /** Folders and files the caller has already written beside their targets, in the order they were staged. */
    private final List<Switch> written = new ArrayList<>();

    /**
     * After {@link #commit()}, {@code directory} holds exactly these files.
     *
     * @param content each file by its name relative to the directory ({@code /}-separated), and its bytes
     */
    public StagedOutputs directory(Path directory, Map<String, byte[]> content) {
        return directory(directory, content, List.of());
    }

    /**
     * As {@link #directory(Path, Map)}, plus the files named in {@code kept} as they are now (the outputs of rules
     * that were up to date and not written again).
     */
    public StagedOutputs directory(Path directory, Map<String, byte[]> content, Collection<String> kept) {
        return directory(directory, content, Map.of(), kept);
    }

    /**
     * As {@link #directory(Path, Map, Collection)}, plus files already written to a {@link Spool} beside it, each
     * moved in under its name (relative to the directory, {@code /}-separated): content too big to hold in memory.
     */
    public StagedOutputs directory(Path directory, Map<String, byte[]> content, Map<String, Path> spooled, Collection<String> kept) {
        directories.put(directory.toAbsolutePath().normalize(),
                new StagedDirectory(new LinkedHashMap<>(content), new LinkedHashMap<>(spooled), List.copyOf(kept)));
        return this;
    }

    /** After {@link #commit()}, {@code target} holds these bytes. */
    public StagedOutputs file(Path target, byte[] content) {
        files.put(target.toAbsolutePath().normalize(), content.clone());
        return this;
    }

    /**
     * A new, empty hidden folder beside {@code directory} for the caller to write into file by file (an output too
     * big to hold in memory); {@link #commit()} switches it in as a whole with the rest, {@link #discard()} drops it.
     *
     * @throws OutputException when the folder cannot be created
     */
    public Path writeDirectory(Path directory) {
        Path target = directory.toAbsolutePath().normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputException(target, "is a file, expected a directory", null);
        }
        ensureDirectory(target.getParent());
        dropStaleCopies(target);
        Switch result = new Switch(target, AtomicFiles.siblingName(target, "new"), AtomicFiles.siblingName(target, "old"));
        try {
            Files.createDirectory(result.staged());
        } catch (IOException e) {
            throw OutputException.of(target, e);
        }
        written.add(result);
        return result.staged();
    }

    /**
     * A hidden file name beside {@code target}, not yet created, for the caller to write; {@link #commit()} switches
     * it in with the rest, {@link #discard()} deletes it.
     *
     * @throws OutputException when {@code target} is a directory or its folder cannot be created
     */
    public Path writeFile(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputException(absolute, "is a directory, expected a file", null);
        }
        ensureDirectory(absolute.getParent());
        dropStaleCopies(absolute);
        Switch result = new Switch(absolute, AtomicFiles.siblingName(absolute, "new"), AtomicFiles.siblingName(absolute, "old"));
        written.add(result);
        return result.staged();
    }

    /** Drops what the caller wrote through {@link #writeDirectory} and {@link #writeFile}: nothing is switched in. */
    public void discard() {
        written.forEach(Switch::discard);
        written.clear();
    }

    /**
     * Switches everything in, or nothing.
     *
     * @throws OutputException naming the path that could not be written and why; the previous outputs are intact
     */
    public void commit() {
        List<Switch> staged = new ArrayList<>(written);
        written.clear();
        try {
            for (Map.Entry<Path, StagedDirectory> d : directories.entrySet()) {
                if (!alreadyHolds(d.getKey(), d.getValue())) {
                    staged.add(stageDirectory(d.getKey(), d.getValue()));
                }
            }
            for (Map.Entry<Path, byte[]> f : files.entrySet()) {
                staged.add(stageFile(f.getKey(), f.getValue()));
            }
        } catch (OutputException e) {
            staged.forEach(Switch::discard);
            throw e;
        }
        List<Switch> done = new ArrayList<>();
        for (Switch s : staged) {
            try {
                s.switchIn();
                done.add(s);
            } catch (IOException e) {
                for (int i = done.size() - 1; i >= 0; i--) {
                    done.get(i).switchBack();
                }
                staged.forEach(Switch::discard);
                throw OutputException.of(s.target(), e);
            }
        }
        done.forEach(Switch::dropOld);
    }

    /**
     * Whether a folder is already as it is to be: nothing new, and exactly the kept files in it (a warm build
     * leaves it alone); or nothing at all and no folder (an empty one is not created for nothing).
     */
    private static boolean alreadyHolds(Path target, StagedDirectory content) {
        if (!content.content().isEmpty() || !content.spooled().isEmpty()) {
            return false;
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return content.kept().isEmpty();
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(target)) {
            Set<String> present = walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> target.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toSet());
            return present.equals(Set.copyOf(content.kept()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Switch stageDirectory(Path target, StagedDirectory content) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputException(target, "is a file, expected a directory", null);
        }
        ensureDirectory(target.getParent());
        Path staged = AtomicFiles.siblingName(target, "new");
        Switch result = new Switch(target, staged, AtomicFiles.siblingName(target, "old"));
        Path current = target;
        try {
            Files.createDirectory(staged);
            for (Map.Entry<String, byte[]> file : content.content().entrySet()) {
                current = target.resolve(file.getKey());
                writeInto(staged, file.getKey(), file.getValue());
            }
            for (Map.Entry<String, Path> file : content.spooled().entrySet()) {
                current = target.resolve(file.getKey());
                Path into = staged.resolve(file.getKey());
                Files.createDirectories(into.getParent());
                Files.move(file.getValue(), into);
            }
            for (String name : content.kept()) {
                current = target.resolve(name);
                keepInto(staged, name, current);
            }
        } catch (IOException e) {
            result.discard();
            throw OutputException.of(current, e);
        }
        return result;
    }

    /**
     * A file carried over unchanged: hard-linked where the file system can (no bytes copied, the same file as
     * before, its time included), else copied with its attributes.
     */
    private static void keepInto(Path staged, String name, Path existing) throws IOException {
        Path file = staged.resolve(name);
        Files.createDirectories(file.getParent());
        try {
            Files.createLink(file, existing);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(existing, file, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static void writeInto(Path staged, String name, byte[] bytes) throws IOException {
        Path file = staged.resolve(name);
        Files.createDirectories(file.getParent());
        AtomicFiles.createNew(file, bytes);
    }

    private static Switch stageFile(Path target, byte[] content) {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputException(target, "is a directory, expected a file", null);
        }
        ensureDirectory(target.getParent());
        Switch result = new Switch(target, AtomicFiles.siblingName(target, "new"), AtomicFiles.siblingName(target, "old"));
        try {
            AtomicFiles.createNew(result.staged(), content);
        } catch (IOException e) {
            result.discard();
            throw OutputException.of(target, e);
        }
        return result;
    }

    /**
     * Creates a directory and its parents, naming the file in the way when there is one: {@code createDirectories}
     * would name the first directory it could not create.
     *
     * @throws OutputException when it cannot be created
     */
    public static void ensureDirectory(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        for (Path p = absolute; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new OutputException(p, "is a file, expected a directory", null);
                }
                break;
            }
        }
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw OutputException.of(absolute, e);
        }
    }

    /** One target: its new content staged beside it, and where its old content goes while the new one comes in. */
    private static final class Switch {
        private final Path target;
        private final Path staged;
        private final Path old;
        private boolean movedAside;

        Switch(Path target, Path staged, Path old) {
            this.target = target;
            this.staged = staged;
            this.old = old;
        }

        Path target() {
            return target;
        }

        Path staged() {
            return staged;
        }

        void switchIn() throws IOException {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                AtomicFiles.move(target, old);
                movedAside = true;
            }
            try {
                AtomicFiles.move(staged, target);
            } catch (IOException e) {
                putBack();
                throw e;
            }
        }

        /** Undoes {@link #switchIn()}: the new content goes back to where it was staged, the old one returns. */
        void switchBack() {
            try {
                AtomicFiles.move(target, staged);
            } catch (IOException e) {
                // the old content must still come back: it replaces the new one
            }
            putBack();
        }

        private void putBack() {
            if (movedAside) {
                try {
                    AtomicFiles.move(old, target);
                    movedAside = false;
                } catch (IOException e) {
                    // nothing else to try: the old content stays at its hidden name for the user to recover
                }
            }
        }

        void discard() {
            deleteRecursively(staged);
        }

        void dropOld() {
            if (movedAside) {
                deleteRecursively(old);
            }
        }
    }

    /** A staged copy's suffix: the writing process's id and a random number; older versions wrote the number alone. */
    private static final Pattern STAGED_SUFFIX = Pattern.compile("(?:(\\d+)-)?[0-9a-f]+");

    /**
     * Removes the copies ({@code .<name>.<role>-<pid>-<hex>}, roles {@code new} and {@code spool}) a killed run left
     * beside {@code target}: a run streams a large output into one for its whole length, so each interrupted run
     * would otherwise leave a full copy behind. Only copies of a process that is no longer running (or of a version
     * that did not name its process): another run writing into the same folder at the same moment keeps its own.
     * Never the {@code .old-} ones: after a failed switch back, such a folder may be the only copy of an output.
     */
    static void dropStaleCopies(Path target) {
        for (String role : List.of("new", "spool")) {
            String prefix = "." + target.getFileName() + "." + role + "-";
            try (Stream<Path> siblings = Files.list(target.getParent())) {
                for (Path sibling : siblings.toList()) {
                    String name = sibling.getFileName().toString();
                    Matcher suffix = STAGED_SUFFIX.matcher(name.startsWith(prefix) ? name.substring(prefix.length()) : "");
                    if (name.startsWith(prefix) && suffix.matches() && !writtenByARunningProcess(suffix.group(1))) {
                        deleteRecursively(sibling);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // best effort, as deleting is: a leftover is hidden, never a wrong output
            }
        }
    }

    private static boolean writtenByARunningProcess(String pid) {
        if (pid == null) {
            return false;
        }
        try {
            long id = Long.parseLong(pid);
            return id == ProcessHandle.current().pid() || ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Best effort: what cannot be deleted is a hidden leftover, never a wrong output. */
    static void deleteRecursively(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // leave it
        }
    }
}
