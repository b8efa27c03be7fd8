package io.ruleforge.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Files a run writes as it makes them, long before it knows whether they become outputs: a stage whose outputs are
 * switched in all together at the end ({@link StagedOutputs}) would otherwise hold every one of them in memory until
 * then. The spool is a hidden folder beside the output it feeds ({@code .<name>.spool-<pid>-<hex>}, which a later
 * run removes if this one is killed); {@link StagedOutputs#directory(Path, java.util.Map, java.util.Map, java.util.Collection)}
 * moves spooled files in, and {@link #close()} deletes what is left. Safe to write from several threads.
 */
public final class Spool implements AutoCloseable {

    private final Path beside;
    private final AtomicLong written = new AtomicLong();
    private Path folder;
    private OutputException failure;

    /**
     * @param beside the output the spooled files are for; the spool is made beside it at the first write, and the
     *               spools and staged copies killed runs left there are removed now (a run that writes nothing, all
     *               up to date, would otherwise never remove them)
     */
    public Spool(Path beside) {
        this.beside = beside.toAbsolutePath().normalize();
        if (this.beside.getParent() != null && Files.isDirectory(this.beside.getParent())) {
            StagedOutputs.dropStaleCopies(this.beside);
        }
    }

    /**
     * Writes {@code bytes} to a new file of the spool.
     *
     * @return the file, or empty when the spool cannot be written ({@link #failure()} says why; nothing more is
     * written after a failure)
     */
    public Optional<Path> write(byte[] bytes) {
        Path into = folder();
        if (into == null) {
            return Optional.empty();
        }
        Path file = into.resolve(written.incrementAndGet() + ".spooled");
        try {
            AtomicFiles.createNew(file, bytes);
            return Optional.of(file);
        } catch (IOException e) {
            fail(OutputException.of(beside, e));
            return Optional.empty();
        }
    }

    /** Why the spool could not be written, if it could not: the output it feeds cannot be written either. */
    public synchronized Optional<OutputException> failure() {
        return Optional.ofNullable(failure);
    }

    private synchronized Path folder() {
        if (failure == null && folder == null) {
            try {
                StagedOutputs.ensureDirectory(beside.getParent());
                folder = Files.createDirectory(AtomicFiles.siblingName(beside, "spool"));
            } catch (OutputException e) {
                failure = e;
            } catch (IOException e) {
                failure = OutputException.of(beside, e);
            }
        }
        return failure == null ? folder : null;
    }

    private synchronized void fail(OutputException e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** Deletes the spool and every file not moved out of it. */
    @Override
    public synchronized void close() {
        if (folder != null) {
            StagedOutputs.deleteRecursively(folder);
        }
    }
}
