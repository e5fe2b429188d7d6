package io.doorlock.testing;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The MongoDB wire-protocol server ({@code de.bwaldvogel:mongo-java-server}) on a loopback port. The services talk to
 * it through the real MongoDB driver, exactly as they would to MongoDB 7. Its backend keeps the data in memory and
 * answers the services' filters through indexes, as MongoDB does ({@link IndexedMemoryBackend}). For the tests it is
 * nothing more ({@link #start()}); for the local run it also keeps its data on disk ({@link #startOnDisk}).
 */
public final class MongoWireServer implements AutoCloseable {

    /** The file in which local runs before the snapshots kept their data (the stock H2 backend), imported once. */
    static final String LEGACY_H2_FILE = "mongo.mv";
    /** A journal shorter than this is never folded into a new snapshot. */
    static final long MIN_JOURNAL_BYTES = 16L << 20;

    private final int port;
    private final Optional<Path> snapshot;
    private final Duration flushEvery;
    private MongoServer server;
    private IndexedMemoryBackend backend;

    private MongoWireServer(int port, Optional<Path> snapshot, Duration flushEvery) {
        this.port = port;
        this.snapshot = snapshot;
        this.flushEvery = flushEvery;
    }

    public static MongoWireServer start() {
        return start(FreePorts.find());
    }

    public static MongoWireServer start(int port) {
        MongoWireServer wire = new MongoWireServer(port, Optional.empty(), Duration.ZERO);
        wire.launch();
        return wire;
    }

    /**
     * A wire server whose data outlives it ({@link MemorySnapshots}): loaded from {@code snapshot} and the journals
     * beside it at start; each change journaled and forced to disk every {@code flushEvery}; everything folded into
     * the snapshot when the server stops. What the local run uses. If there is no snapshot yet but the H2 file of an
     * earlier local run lies beside it, that data is imported first and the H2 file renamed to {@code mongo.mv.imported}.
     */
    public static MongoWireServer startOnDisk(int port, Path snapshot, Duration flushEvery) {
        MongoWireServer wire = new MongoWireServer(port, Optional.of(snapshot), flushEvery);
        wire.launch();
        return wire;
    }

    public int port() {
        return port;
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    /** Documents checked against filters so far, by index or by scan: what a test asserts instead of timing a scan. */
    public long documentsExamined() {
        return backend.documentsExamined();
    }

    /** Takes the server away (connections drop). On disk, all its data is in the snapshot when this returns. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    /** Brings the server back on the same port: in memory with a fresh empty backend, on disk with the snapshot's data. */
    public synchronized void startAgain() {
        if (server == null) {
            launch();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() {
        backend = new IndexedMemoryBackend();
        snapshot.ifPresent(file -> {
            importLegacyH2(file);
            MemorySnapshots.open(backend, file, flushEvery, MIN_JOURNAL_BYTES);
        });
        server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
    }

    private void importLegacyH2(Path file) {
        Path legacy = file.resolveSibling(LEGACY_H2_FILE);
        if (Files.exists(file) || !Files.exists(legacy)) {
            return;
        }
        try {
            IndexedMemoryBackend imported = new IndexedMemoryBackend();
            long documents = LegacyH2Import.copy(legacy, imported);
            SnapshotFile.write(imported, file);
            Files.move(legacy, legacy.resolveSibling(LEGACY_H2_FILE + ".imported"));
            System.out.println("imported " + documents + " documents from " + legacy + " into " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot import " + legacy + " into " + file, e);
        }
    }
}
