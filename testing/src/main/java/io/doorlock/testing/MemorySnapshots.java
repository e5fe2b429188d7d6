package io.doorlock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Keeps an {@link IndexedMemoryBackend} on disk: a {@link SnapshotFile} plus a {@link ChangeJournal} of the changes
 * made since. At start the snapshot is loaded, the journals found beside it are replayed in order, and all of it is
 * folded into a new snapshot. While the server runs, each change is journaled as it is made and forced to disk every
 * {@code flushEvery}; when the journal has grown past the snapshot (and {@code minJournalBytes}), a new journal is
 * started, a new snapshot written, and the old journal deleted, so writing costs about the same per change whatever
 * the history. On {@link #close()} (the wire server's shutdown, after its clients are gone) the journal is flushed and
 * folded into the snapshot. A clean stop loses nothing; a process killed outright loses at most the changes of the
 * last {@code flushEvery}.
 */
final class MemorySnapshots implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MemorySnapshots.class.getName());
    private static final String JOURNAL = ".journal-";

    private final IndexedMemoryBackend backend;
    private final Path file;
    private final long minJournalBytes;
    private final ScheduledExecutorService timer;
    private ChangeJournal journal;
    private long generation;
    private long snapshotBytes;

    private MemorySnapshots(IndexedMemoryBackend backend, Path file, long minJournalBytes, ScheduledExecutorService timer) {
        this.backend = backend;
        this.file = file;
        this.minJournalBytes = minJournalBytes;
        this.timer = timer;
    }

    /** Loads the snapshot and its journals into the empty {@code backend}, then keeps it on disk. */
    static MemorySnapshots open(IndexedMemoryBackend backend, Path file, Duration flushEvery, long minJournalBytes) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "wire-server-journal");
            thread.setDaemon(true);
            return thread;
        });
        MemorySnapshots snapshots = new MemorySnapshots(backend, file, minJournalBytes, timer);
        try {
            snapshots.load();
        } catch (IOException e) {
            timer.shutdownNow();
            throw new UncheckedIOException("cannot load the wire server's data from " + file + "; it was left as it is", e);
        }
        backend.beforeClose(snapshots::close);
        timer.scheduleWithFixedDelay(snapshots::tick, flushEvery.toMillis(), flushEvery.toMillis(), TimeUnit.MILLISECONDS);
        return snapshots;
    }

    private void load() throws IOException {
        if (Files.exists(file)) {
            SnapshotFile.restore(file, backend);
        }
        List<Path> journals = journals();
        for (Path replayed : journals) {
            ChangeJournal.replay(replayed, backend);
            generation = Math.max(generation, generationOf(replayed));
        }
        if (!journals.isEmpty() || !Files.exists(file)) {
            SnapshotFile.write(backend, file);
            for (Path replayed : journals) {
                Files.delete(replayed);
            }
        }
        snapshotBytes = Files.size(file);
        journal = ChangeJournal.create(journalFile(++generation));
        backend.journal(journal);
    }

    /** Forces the journal to disk, and starts a new one over a new snapshot when it has grown past the last. */
    synchronized void tick() {
        try {
            journal.flush();
            if (journal.size() > Math.max(snapshotBytes, minJournalBytes)) {
                compact();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not write the wire server's journal or snapshot beside " + file, e);
        }
    }

    private void compact() throws IOException {
        ChangeJournal old = journal;
        journal = ChangeJournal.create(journalFile(++generation));
        backend.journal(journal);
        old.close();
        // written after the switch: it holds every change of the old journal, and maybe some of the new one
        SnapshotFile.write(backend, file);
        Files.delete(old.file());
        snapshotBytes = Files.size(file);
    }

    /** Stops the schedule and folds the journal into the snapshot. */
    @Override
    public synchronized void close() {
        timer.shutdownNow();
        try {
            journal.flush();
            if (journal.size() > 0) {
                compact();
            }
            journal.close();
            Files.delete(journal.file());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not write the wire server's last snapshot " + file + " (the journal is kept)", e);
        }
    }

    private Path journalFile(long number) {
        return file.resolveSibling(file.getFileName() + JOURNAL + number);
    }

    private List<Path> journals() throws IOException {
        String prefix = file.getFileName() + JOURNAL;
        List<Path> found = new ArrayList<>();
        try (Stream<Path> siblings = Files.list(file.toAbsolutePath().getParent())) {
            siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).forEach(found::add);
        }
        found.sort(Comparator.comparingLong(MemorySnapshots::generationOf));
        return found;
    }

    private static long generationOf(Path journal) {
        String name = journal.getFileName().toString();
        return Long.parseLong(name.substring(name.lastIndexOf(JOURNAL) + JOURNAL.length()));
    }
}
