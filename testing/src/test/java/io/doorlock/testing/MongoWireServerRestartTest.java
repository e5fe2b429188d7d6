package io.doorlock.testing;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local run's wire server keeps what was written through the driver across a stop and a start, indexes included. */
class MongoWireServerRestartTest {

    static final Duration RARELY = Duration.ofHours(1);

    @TempDir
    Path dir;

    @Test
    void aRestartKeepsTheDataAndItsIndexes() throws IOException {
        Path file = dir.resolve("mongo.snapshot");
        MongoWireServer wire = MongoWireServer.startOnDisk(FreePorts.find(), file, RARELY);
        try (MongoClient client = MongoClients.create(wire.connectionString())) {
            MongoCollection<Document> users = client.getDatabase("doorlock_dashboard").getCollection("users");
            users.createIndex(Indexes.ascending("usernameKey"), new IndexOptions().unique(true).name("username_unique"));
            users.insertOne(new Document("_id", "u1").append("usernameKey", "demo").append("role", "user"));
            users.updateOne(eq("_id", "u1"), Updates.set("role", "admin"));
            MongoCollection<Document> commands = client.getDatabase("doorlock_commands").getCollection("commands");
            commands.createIndex(Indexes.ascending("status", "nextAttemptAt"), new IndexOptions().name("status_nextAttempt"));
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                docs.add(new Document("_id", "c" + i).append("deviceId", "d" + (i % 100)).append("status", i % 1000 == 0 ? "queued" : "executed"));
            }
            commands.insertMany(docs);
            commands.deleteOne(eq("_id", "c1"));
        }
        wire.stop();
        wire.startAgain();
        try (MongoClient client = MongoClients.create(wire.connectionString())) {
            MongoCollection<Document> users = client.getDatabase("doorlock_dashboard").getCollection("users");
            assertThat(users.find(eq("usernameKey", "demo")).first()).containsEntry("_id", "u1").containsEntry("role", "admin");
            assertThatThrownBy(() -> users.insertOne(new Document("_id", "u3").append("usernameKey", "demo")))
                    .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getError().getCode()).isEqualTo(11000));
            MongoCollection<Document> commands = client.getDatabase("doorlock_commands").getCollection("commands");
            assertThat(commands.countDocuments()).isEqualTo(9_999);
            long before = wire.documentsExamined();
            assertThat(commands.find(and(eq("_id", "c5000"), in("status", List.of("queued", "sent")))).first()).isNotNull();
            assertThat(wire.documentsExamined() - before).as("a pinned id after the restart").isEqualTo(1);
            before = wire.documentsExamined();
            assertThat(commands.find(eq("status", "queued")).into(new ArrayList<>())).hasSize(10);
            assertThat(wire.documentsExamined() - before).as("the secondary index after the restart").isEqualTo(10);
        } finally {
            wire.stop();
        }
        // every user's password hash is in it, as in the other secret files of the data directory
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void changesReachTheDiskWhileTheServerRuns() {
        Path file = dir.resolve("mongo.snapshot");
        MongoWireServer wire = MongoWireServer.startOnDisk(FreePorts.find(), file, Duration.ofMillis(100));
        try (MongoClient client = MongoClients.create(wire.connectionString())) {
            MongoCollection<Document> counters = client.getDatabase("doorlock_commands").getCollection("device_counters");
            counters.insertOne(new Document("_id", "d1").append("counter", 7L));
            counters.updateOne(eq("_id", "d1"), Updates.inc("counter", 1L));
            counters.insertOne(new Document("_id", "d2").append("counter", 1L));
            counters.deleteOne(eq("_id", "d2"));
            // what a process killed now would find at its next start, within the flush interval
            await().atMost(Duration.ofSeconds(30)).until(() -> counterIn(file).equals(List.of(8L)));
        } finally {
            wire.stop();
        }
    }

    @Test
    void anIncompleteSnapshotIsRefusedAndLeftAsItIs() throws IOException {
        Path file = dir.resolve("mongo.snapshot");
        MongoWireServer wire = MongoWireServer.startOnDisk(FreePorts.find(), file, RARELY);
        try (MongoClient client = MongoClients.create(wire.connectionString())) {
            client.getDatabase("doorlock_commands").getCollection("device_counters").insertOne(new Document("_id", "d1").append("counter", 7L));
        }
        wire.stop();
        byte[] whole = Files.readAllBytes(file);
        byte[] cut = Arrays.copyOf(whole, whole.length - 10);
        Files.write(file, cut);
        assertThatThrownBy(() -> MongoWireServer.startOnDisk(FreePorts.find(), file, RARELY))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot load").hasMessageContaining(file.toString())
                .hasStackTraceContaining("it is not a whole snapshot");
        assertThat(Files.readAllBytes(file)).isEqualTo(cut);
    }

    @Test
    void theH2DataOfAnEarlierLocalRunIsImportedOnce() throws IOException {
        Path h2 = dir.resolve(MongoWireServer.LEGACY_H2_FILE);
        MongoServer old = new MongoServer(new H2Backend(h2.toString()));
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + old.bind().getPort())) {
            MongoCollection<Document> users = client.getDatabase("doorlock_dashboard").getCollection("users");
            users.createIndex(Indexes.ascending("usernameKey"), new IndexOptions().unique(true).name("username_unique"));
            users.insertOne(new Document("_id", "u1").append("usernameKey", "demo"));
        } finally {
            old.shutdownNow();
        }
        Path file = dir.resolve("mongo.snapshot");
        MongoWireServer wire = MongoWireServer.startOnDisk(FreePorts.find(), file, RARELY);
        try (MongoClient client = MongoClients.create(wire.connectionString())) {
            MongoCollection<Document> users = client.getDatabase("doorlock_dashboard").getCollection("users");
            assertThat(users.find(eq("usernameKey", "demo")).first()).containsEntry("_id", "u1");
            assertThatThrownBy(() -> users.insertOne(new Document("_id", "u2").append("usernameKey", "demo")))
                    .isInstanceOf(MongoWriteException.class);
        } finally {
            wire.stop();
        }
        assertThat(h2).doesNotExist();
        assertThat(dir.resolve(MongoWireServer.LEGACY_H2_FILE + ".imported")).exists();
        assertThat(file).exists();
    }

    @Test
    void theJournalIsFoldedIntoANewSnapshotOnceItOutgrowsTheLast() throws IOException {
        Path file = dir.resolve("mongo.snapshot");
        IndexedMemoryBackend backend = new IndexedMemoryBackend();
        MemorySnapshots.open(backend, file, Duration.ofMillis(50), 0);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort())) {
            MongoCollection<Document> counters = client.getDatabase("doorlock_commands").getCollection("device_counters");
            counters.insertOne(new Document("_id", "d1").append("counter", 1L));
            for (long i = 2; i <= 50; i++) {
                counters.updateOne(eq("_id", "d1"), Updates.set("counter", i));
            }
            // the first journal outgrew the (empty) first snapshot: folded into a new snapshot, and deleted
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> journals().stream().noneMatch(j -> j.getFileName().toString().endsWith(".journal-1")));
            assertThat(journals()).hasSize(1);
            assertThat(counterIn(file)).as("the snapshot and the journal since").isEqualTo(List.of(50L));
        } finally {
            server.shutdownNow();
        }
        assertThat(journals()).as("a clean stop folds the journal into the snapshot").isEmpty();
        assertThat(snapshotAlone(file)).isEqualTo(List.of(50L));
    }

    private List<Path> journals() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("mongo.snapshot.journal-")).toList();
        }
    }

    private static List<Object> snapshotAlone(Path file) throws IOException {
        IndexedMemoryBackend backend = new IndexedMemoryBackend();
        SnapshotFile.restore(file, backend);
        return counters(backend);
    }

    /** What a process killed now would find at its next start: the snapshot, with the journals replayed over it. */
    private List<Object> counterIn(Path file) throws IOException {
        IndexedMemoryBackend backend = new IndexedMemoryBackend();
        if (Files.exists(file)) {
            SnapshotFile.restore(file, backend);
        }
        for (Path journal : journals().stream().sorted().toList()) {
            ChangeJournal.replay(journal, backend);
        }
        return counters(backend);
    }

    private static List<Object> counters(IndexedMemoryBackend backend) {
        List<Object> counters = new ArrayList<>();
        SnapshotFile.documents(backend.resolveDatabase("doorlock_commands").resolveCollection("device_counters", false))
                .forEach(d -> counters.add(d.get("counter")));
        return counters;
    }
}
