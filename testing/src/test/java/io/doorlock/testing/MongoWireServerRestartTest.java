package io.doorlock.testing;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local run's wire server keeps what was written through the driver across a stop and a start, indexes included. */
class MongoWireServerRestartTest {

    @TempDir
    Path dir;

    @Test
    void aRestartKeepsTheData() {
        Path file = dir.resolve("mongo.mv");
        MongoWireServer wire = MongoWireServer.startOnDisk(FreePorts.find(), file);
        try (MongoClient client = MongoClients.create(wire.connectionString())) {
            MongoCollection<Document> users = client.getDatabase("doorlock_dashboard").getCollection("users");
            users.createIndex(Indexes.ascending("usernameKey"), new IndexOptions().unique(true).name("username_unique"));
            users.insertOne(new Document("_id", "u1").append("usernameKey", "demo").append("role", "user"));
            users.updateOne(eq("_id", "u1"), Updates.set("role", "admin"));
        }
        wire.stop();
        wire.startAgain();
        try (MongoClient client = MongoClients.create(wire.connectionString())) {
            MongoCollection<Document> users = client.getDatabase("doorlock_dashboard").getCollection("users");
            assertThat(users.find(eq("usernameKey", "demo")).first()).containsEntry("_id", "u1").containsEntry("role", "admin");
            // the unique index came back with the data
            assertThat(users.insertMany(List.of(new Document("_id", "u2").append("usernameKey", "other"))).getInsertedIds()).hasSize(1);
            assertThat(catchDuplicate(() -> users.insertOne(new Document("_id", "u3").append("usernameKey", "demo")))).isTrue();
        } finally {
            wire.stop();
        }
    }

    @Test
    void afterARestartTheFiltersStillGoThroughIndexes() {
        Path file = dir.resolve("mongo.mv");
        IndexedH2Backend first = IndexedH2Backend.open(file);
        MongoServer server = new MongoServer(first);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort())) {
            MongoCollection<Document> commands = client.getDatabase("doorlock_commands").getCollection("commands");
            commands.createIndex(Indexes.ascending("status", "nextAttemptAt"), new IndexOptions().name("status_nextAttempt"));
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                docs.add(new Document("_id", "c" + i).append("deviceId", "d" + (i % 100)).append("status", i % 1000 == 0 ? "queued" : "executed"));
            }
            commands.insertMany(docs);
        }
        server.shutdownNow();

        IndexedH2Backend again = IndexedH2Backend.open(file);
        server = new MongoServer(again);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort())) {
            MongoCollection<Document> commands = client.getDatabase("doorlock_commands").getCollection("commands");
            assertThat(commands.countDocuments()).isEqualTo(10_000);
            long before = again.documentsExamined();
            assertThat(commands.find(and(eq("_id", "c5000"), in("status", List.of("queued", "sent")))).first()).isNotNull();
            assertThat(again.documentsExamined() - before).isEqualTo(1);
            before = again.documentsExamined();
            assertThat(commands.find(eq("status", "queued")).into(new ArrayList<>())).hasSize(10);
            assertThat(again.documentsExamined() - before).isEqualTo(10);
        } finally {
            server.shutdownNow();
        }
    }

    private static boolean catchDuplicate(Runnable insert) {
        try {
            insert.run();
            return false;
        } catch (MongoWriteException e) {
            return e.getError().getCode() == 11000;
        }
    }
}
