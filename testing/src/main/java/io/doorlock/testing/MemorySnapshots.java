package io.doorlock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps an {@link IndexedMemoryBackend} in a {@link SnapshotFile}: loaded at start, written again every {@code every}
 * when something changed since the last one, and once more on {@link #close()}. A clean stop therefore loses nothing;
 * a process killed outright (or a power cut) loses the changes since the last snapshot, at most {@code every}. The
 * last snapshot is written when the wire server shuts the backend down (after its clients are gone).
 */
final class MemorySnapshots implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MemorySnapshots.class.getName());

    private final IndexedMemoryBackend backend;
    private final Path file;
    private final ScheduledExecutorService timer;
    private long written;

    private MemorySnapshots(IndexedMemoryBackend backend, Path file, ScheduledExecutorService timer) {
        this.backend = backend;
        this.file = file;
        this.timer = timer;
    }

    /** Loads {@code file} into the empty {@code backend} if it exists, then snapshots it every {@code every}. */
    static MemorySnapshots open(IndexedMemoryBackend backend, Path file, Duration every) {
        try {
            if (Files.exists(file)) {
                SnapshotFile.restore(file, backend);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the wire server's data from " + file + "; it was left as it is", e);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "wire-server-snapshots");
            thread.setDaemon(true);
            return thread;
        });
        MemorySnapshots snapshots = new MemorySnapshots(backend, file, timer);
        snapshots.written = backend.changes();
        backend.beforeClose(snapshots::close);
        timer.scheduleWithFixedDelay(snapshots::writeIfChanged, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return snapshots;
    }

    /** Writes a snapshot if anything changed since the last one; true if it wrote one. */
    synchronized boolean writeIfChanged() {
        long changes = backend.changes();
        if (changes == written) {
            return false;
        }
        try {
            SnapshotFile.write(backend, file);
            written = changes;
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not write the wire server's snapshot " + file + " (the previous one is kept)", e);
            return false;
        }
    }

    /** Stops the schedule and writes the last snapshot (if anything changed). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeIfChanged();
    }
}
