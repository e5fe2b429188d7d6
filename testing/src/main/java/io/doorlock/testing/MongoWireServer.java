package io.doorlock.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The MongoDB wire-protocol server ({@code de.bwaldvogel:mongo-java-server}) on a loopback port. The services talk to
 * it through the real MongoDB driver, exactly as they would to MongoDB 7. In memory for the tests ({@link #start()}),
 * where filters that pin {@code _id} use the {@code _id} index, as in MongoDB ({@link IdLookupMemoryBackend}); or on
 * disk for the local run ({@link #startOnDisk}), where the services' filters use indexes ({@link IndexedH2Backend})
 * and the data outlives a restart.
 */
public final class MongoWireServer implements AutoCloseable {

    private final int port;
    private final Optional<Path> file;
    private MongoServer server;

    private MongoWireServer(int port, Optional<Path> file) {
        this.port = port;
        this.file = file;
    }

    public static MongoWireServer start() {
        return start(FreePorts.find());
    }

    public static MongoWireServer start(int port) {
        MongoWireServer wire = new MongoWireServer(port, Optional.empty());
        wire.launch();
        return wire;
    }

    /** A wire server whose data lives in {@code file} (an H2 MVStore, created if missing): what the local run uses. */
    public static MongoWireServer startOnDisk(int port, Path file) {
        MongoWireServer wire = new MongoWireServer(port, Optional.of(file));
        wire.launch();
        return wire;
    }

    public int port() {
        return port;
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    /** Takes the server away (connections drop). On disk, everything written so far is in the file when this returns. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    /** Brings the server back on the same port: in memory with a fresh empty backend, on disk with the file's data. */
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
        AbstractMongoBackend backend = file.<AbstractMongoBackend>map(IndexedH2Backend::open).orElseGet(IdLookupMemoryBackend::new);
        server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
    }
}
