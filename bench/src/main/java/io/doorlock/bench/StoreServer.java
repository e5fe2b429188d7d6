package io.doorlock.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.doorlock.testing.MongoWireServer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One wire server in its own JVM, so that {@link StoreBenchmark} reads its CPU apart from the clients':
 * {@code StoreServer <kind> <port> <file> <flush seconds>}, kind {@code h2} (the stock H2 backend on the file, as
 * the local run had it) or {@code memory} (as the local run has it now: {@link MongoWireServer#startOnDisk}, the file
 * being its snapshot, its journal beside it). Prints {@code ready} when listening; stops, closing the backend (which writes the file), when
 * its standard input closes.
 */
public final class StoreServer {

    private StoreServer() {}

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int port = Integer.parseInt(args[1]);
        Path file = Path.of(args[2]);
        Duration flushEvery = Duration.ofSeconds(Long.parseLong(args[3]));
        AutoCloseable stop;
        switch (kind) {
            case "h2" -> {
                AbstractMongoBackend backend = new H2Backend(file.toString());
                MongoServer server = new MongoServer(backend);
                server.bind("127.0.0.1", port);
                stop = server::shutdownNow;
            }
            case "memory" -> stop = MongoWireServer.startOnDisk(port, file, flushEvery);
            default -> throw new IllegalArgumentException("unknown store " + kind + " (h2, memory)");
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the benchmark closes our standard input
        }
        stop.close();
        System.out.println("stopped");
    }
}
