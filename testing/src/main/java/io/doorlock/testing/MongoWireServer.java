package io.doorlock.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The MongoDB wire-protocol server ({@code de.bwaldvogel:mongo-java-server}, in memory) on a loopback port. The
 * services talk to it through the real MongoDB driver, exactly as they would to MongoDB 7. Filters that pin {@code _id}
 * use the {@code _id} index, as in MongoDB ({@link IdLookupMemoryBackend}).
 */
public final class MongoWireServer implements AutoCloseable {

    private final int port;
    private MongoServer server;

    private MongoWireServer(int port) {
        this.port = port;
    }

    public static MongoWireServer start() {
        return start(FreePorts.find());
    }

    public static MongoWireServer start(int port) {
        MongoWireServer wire = new MongoWireServer(port);
        wire.launch();
        return wire;
    }

    public int port() {
        return port;
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    /** Takes the server away (connections drop, data is kept in memory). */
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    /** Brings the server back on the same port, with a fresh empty backend. */
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
        MemoryBackend backend = new IdLookupMemoryBackend();
        server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
    }
}
