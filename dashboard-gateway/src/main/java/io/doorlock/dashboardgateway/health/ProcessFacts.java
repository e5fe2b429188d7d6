package io.doorlock.dashboardgateway.health;

import com.mongodb.client.MongoClient;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.bson.Document;

/** Facts about this process for the health routes: uptime, environment, memory, and whether its database answers. */
@ApplicationScoped
public class ProcessFacts {

    private volatile Instant startedAt = Instant.now();
    private final MongoClient mongo;

    public ProcessFacts(MongoClient mongo) {
        this.mongo = mongo;
    }

    void onStart(@Observes StartupEvent event) {
        startedAt = Instant.now();
    }

    public long uptimeSeconds() {
        return Duration.between(startedAt, Instant.now()).toSeconds();
    }

    /** The seed's {@code NODE_ENV} values. */
    public String environment() {
        return switch (LaunchMode.current()) {
            case DEVELOPMENT -> "development";
            case TEST -> "test";
            default -> "production";
        };
    }

    /** True when this service's MongoDB answers a ping (waits at most the driver's server-selection timeout). */
    public boolean databaseAnswers() {
        try {
            mongo.getDatabase("admin").runCommand(new Document("ping", 1));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public HealthReport.Memory memory() {
        Runtime runtime = Runtime.getRuntime();
        return new HealthReport.Memory(rss(), runtime.totalMemory(), runtime.totalMemory() - runtime.freeMemory());
    }

    /** VmRSS from {@code /proc/self/status} (Linux, as in the container); the heap reserved elsewhere. */
    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Runtime.getRuntime().totalMemory();
    }
}
