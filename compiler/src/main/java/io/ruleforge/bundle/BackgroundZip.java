package io.ruleforge.bundle;

import io.ruleforge.files.FileProblems;
import io.ruleforge.files.OutputException;
import io.ruleforge.files.Sha256;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A zip written on a thread of its own while its entries are still being made: deflating the bundle's files took
 * half a second on one core after everything else was done. Entries go in in the order they are handed over, each
 * with a fixed time, so the zip's bytes depend on its content and that order only. The hand-over holds a bounded
 * number of entries: a producer faster than the deflater waits, memory does not grow with the rule count.
 *
 * <p>Used by one producer thread: {@link #add}, {@link #addFile}, then {@link #finish} (or {@link #close} to give up).
 * A failure of the writer reaches the producer at its next call, as an {@link OutputException} naming the zip.
 */
final class BackgroundZip implements AutoCloseable {

    /** Zip entries get a fixed time so the archive's bytes depend on content only. */
    private static final FileTime ENTRY_TIME = FileTime.fromMillis(1_577_836_800_000L); // 2020-01-01T00:00:00Z
    /**
     * Deflate level 4, not zlib's default 6: on the corpus's bundle the ndjson, whose deflate is the only part left
     * after the last rule is written, takes 112 ms instead of 261 ms, and the zip is 3 % larger (6.74 MB, not 6.53).
     */
    private static final int LEVEL = 4;
    /** Entries waiting for the deflater: about two chunks of rendered rules. */
    private static final int WAITING = 128;

    /** An entry to write: its bytes, or the file that holds them; {@code name == null} ends the zip. */
    private record Entry(String name, byte[] bytes, Path file) {
    }

    private static final Entry END = new Entry(null, null, null);

    private final BlockingQueue<Entry> waiting = new ArrayBlockingQueue<>(WAITING);
    private final Path target;
    /** The zip as messages name it (the target is its staged copy). */
    private final Path named;
    private final Thread writer;
    /** What stopped the writer: an {@link IOException}, or an internal error. */
    private volatile Throwable failure;
    private volatile boolean abandoned;
    private String sha256;

    private BackgroundZip(Path target, Path named) {
        this.target = target;
        this.named = named;
        this.writer = new Thread(this::write, "ruleforge-bundle-zip");
        this.writer.setDaemon(true);
    }

    /** Starts writing a new zip at {@code target} (which must not exist), named {@code named} in messages. */
    static BackgroundZip start(Path target, Path named) {
        BackgroundZip zip = new BackgroundZip(target, named);
        zip.writer.start();
        return zip;
    }

    /** Queues an entry with these bytes (not copied: the caller must not change them). */
    void add(String name, byte[] bytes) {
        put(new Entry(name, bytes, null));
    }

    /** Queues an entry with the content of {@code file}, read when the entry's turn comes. */
    void addFile(String name, Path file) {
        put(new Entry(name, null, file));
    }

    /** Waits for every queued entry to be written and the zip closed; returns its SHA-256 (hex). */
    String finish() {
        put(END);
        join();
        rethrowFailure();
        return sha256;
    }

    /** Stops the writer without finishing the zip (a failure elsewhere); the caller discards the file. */
    @Override
    public void close() {
        if (writer.isAlive()) {
            abandoned = true;
            writer.interrupt();
            join();
        }
    }

    private void put(Entry entry) {
        try {
            // a writer that stopped takes nothing more: its failure is this producer's
            if (!writer.isAlive()) {
                stopped();
            }
            while (!waiting.offer(entry, 100, TimeUnit.MILLISECONDS)) {
                stopped();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OutputException.of(named, new InterruptedIOException("interrupted while writing the zip"));
        }
        rethrowFailure();
    }

    /** The writer does not take the entry: it failed, or the zip was finished or given up already. */
    private void stopped() {
        rethrowFailure();
        if (!writer.isAlive()) {
            throw new IllegalStateException("the zip " + named + " was already finished or given up");
        }
    }

    private void rethrowFailure() {
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw OutputException.of(named, io);
        }
        if (f instanceof RuntimeException e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    private void join() {
        boolean interrupted = false;
        while (true) {
            try {
                writer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[64 * 1024];
        try (ZipOutputStream zip = new ZipOutputStream(new DigestOutputStream(new BufferedOutputStream(
                Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 64 * 1024), digest))) {
            zip.setLevel(LEVEL);
            for (Entry entry = waiting.take(); entry != END; entry = waiting.take()) {
                ZipEntry zipEntry = new ZipEntry(entry.name());
                zipEntry.setCreationTime(ENTRY_TIME);
                zipEntry.setLastModifiedTime(ENTRY_TIME);
                zipEntry.setTime(ENTRY_TIME.toMillis());
                zip.putNextEntry(zipEntry);
                if (entry.bytes() != null) {
                    zip.write(entry.bytes());
                } else {
                    copy(entry, zip, buffer);
                }
                zip.closeEntry();
            }
        } catch (InterruptedException e) {
            if (!abandoned) {
                failure = new InterruptedIOException("interrupted while writing the zip");
            }
            return;
        } catch (UncheckedIOException e) {
            failure = e.getCause();
            return;
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            return;
        }
        sha256 = HexFormat.of().formatHex(digest.digest());
    }

    /** The entry's file into the zip; a file that cannot be read is named (the failure is reported at the zip). */
    private static void copy(Entry entry, ZipOutputStream zip, byte[] buffer) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(entry.file());
        } catch (IOException e) {
            throw new IOException("cannot read its entry " + entry.name() + ": " + FileProblems.describe(e), e);
        }
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                zip.write(buffer, 0, n);
            }
        }
    }
}
