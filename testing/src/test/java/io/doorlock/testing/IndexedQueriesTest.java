package io.doorlock.testing;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wire server (tests and local run) answers the filters the services send through indexes: its own count of
 * documents examined stays at the handful a real index would touch (1 for a pinned id among 10,000 commands), and
 * every answer equals the stock memory backend's, which scans.
 */
class IndexedQueriesTest {

    static final int COMMANDS = 10_000;
    static final Date T0 = new Date(1_700_000_000_000L);

    static MongoWireServer indexed;
    static MongoServer stock;
    static MongoClient indexedClient;
    static MongoClient stockClient;
    static MongoCollection<Document> commands;
    static MongoCollection<Document> reference;

    @BeforeAll
    static void start() {
        indexed = MongoWireServer.start();
        stock = new MongoServer(new MemoryBackend());
        indexedClient = MongoClients.create(indexed.connectionString());
        stockClient = MongoClients.create("mongodb://127.0.0.1:" + stock.bind().getPort());
        commands = indexedClient.getDatabase("doorlock_commands").getCollection("commands");
        reference = stockClient.getDatabase("doorlock_commands").getCollection("commands");
        for (MongoCollection<Document> c : List.of(commands, reference)) {
            // command-service's indexes (CommandRepository.ensureIndexes), before and after data as in a real run
            c.createIndex(Indexes.ascending("deviceId", "status", "createdAt"), new IndexOptions().name("device_status_created"));
            c.createIndex(Indexes.ascending("status", "expiresAt"), new IndexOptions().name("status_expires"));
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < COMMANDS; i++) {
                docs.add(command(i));
            }
            c.insertMany(docs);
            c.createIndex(Indexes.ascending("status", "nextAttemptAt"), new IndexOptions().name("status_nextAttempt"));
            c.createIndex(Indexes.ascending("sharedWith.userId"), new IndexOptions().name("shared_with"));
        }
    }

    /** 100 devices; one command in 1,000 each queued, sent and received, the rest executed (history). */
    static Document command(int i) {
        String status = switch (i % 1000) {
            case 0 -> "queued";
            case 1 -> "sent";
            case 2 -> "received";
            default -> "executed";
        };
        return new Document("_id", "c" + i).append("deviceId", "d" + (i % 100)).append("status", status)
                .append("command", i % 2 == 0 ? "unlock_door" : "lock_door").append("attempts", i % 3).append("deliveries", 0)
                .append("revision", 1L).append("createdAt", new Date(T0.getTime() + i)).append("expiresAt", new Date(T0.getTime() + 60_000 + i))
                .append("nextAttemptAt", new Date(T0.getTime() + 5_000 + i))
                .append("sharedWith", List.of(new Document("userId", "u" + (i % 7)), new Document("userId", "u" + (i % 11))))
                .append("history", List.of(new Document("status", "queued").append("at", T0)));
    }

    @AfterAll
    static void stop() {
        indexedClient.close();
        stockClient.close();
        indexed.stop();
        stock.shutdownNow();
    }

    @Test
    void aGuardedTransitionOnAPinnedIdExaminesOneDocument() {
        Bson guard = and(eq("_id", "c5000"), eq("deviceId", "d0"), in("status", List.of("queued", "sent")));
        Document moved = examinedOnce(1, () -> commands.findOneAndUpdate(guard,
                Updates.combine(Updates.set("status", "received"), Updates.inc("revision", 1L)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
        reference.findOneAndUpdate(guard, Updates.combine(Updates.set("status", "received"), Updates.inc("revision", 1L)));
        assertThat(moved.getString("status")).isEqualTo("received");
        // the same guard again no longer holds, and still only the one document is looked at
        assertThat(examinedOnce(1, () -> commands.findOneAndUpdate(guard, Updates.set("status", "executed")))).isNull();
        assertThat(examinedOnce(1, () -> commands.updateOne(and(eq("_id", "c7"), eq("deviceId", "d7")), Updates.inc("deliveries", 1)))
                .getModifiedCount()).isEqualTo(1);
        reference.updateOne(and(eq("_id", "c7"), eq("deviceId", "d7")), Updates.inc("deliveries", 1));
    }

    @Test
    void aDispatchClaimWithRangesBesideThePinnedIdExaminesOneDocument() {
        Bson claim = and(eq("_id", "c3000"), eq("attempts", 0L), in("status", List.of("queued", "sent")),
                gt("expiresAt", T0), lt("deliveries", 3));
        Document claimed = examinedOnce(1, () -> commands.findOneAndUpdate(claim, Updates.inc("attempts", 1),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
        reference.findOneAndUpdate(claim, Updates.inc("attempts", 1));
        assertThat(claimed.getInteger("attempts")).isEqualTo(1);
        assertThat(examinedOnce(1, () -> commands.findOneAndUpdate(claim, Updates.inc("attempts", 1)))).isNull();
    }

    @Test
    void sweepsAndADevicesQueueExamineOnlyTheLiveCommands() {
        // (about 10 commands each are queued, sent and received; other tests move a few)
        // the sweeper: queued or sent commands due for another look
        assertThat(sameAnswer(c -> c.find(and(in("status", List.of("queued", "sent")), lte("nextAttemptAt", new Date(T0.getTime() + 999_999))))
                .sort(Sorts.ascending("nextAttemptAt")))).isLessThanOrEqualTo(30);
        // expiry: queued past their deadline
        assertThat(sameAnswer(c -> c.find(and(eq("status", "queued"), lte("expiresAt", new Date(T0.getTime() + 70_000))))
                .sort(Sorts.ascending("expiresAt")))).isLessThanOrEqualTo(15);
        // a device comes online: its queued commands (fewer candidates through the status index than the device's 100)
        assertThat(sameAnswer(c -> c.find(and(eq("deviceId", "d0"), eq("status", "queued"))).sort(Sorts.ascending("createdAt", "_id"))))
                .isLessThanOrEqualTo(15);
        // all of a device's commands, and a field inside an array of sub-documents
        assertThat(sameAnswer(c -> c.find(eq("deviceId", "d42")).sort(Sorts.ascending("_id")))).isEqualTo(100);
        assertThat(sameAnswer(c -> c.find(eq("sharedWith.userId", "u3")).sort(Sorts.ascending("_id")))).isLessThan(COMMANDS / 4);
    }

    @Test
    void aFilterNoIndexCanAnswerIsScannedAndCounted() {
        long stored = reference.countDocuments();
        assertThat(sameAnswer(c -> c.find(eq("command", "unlock_door")).sort(Sorts.ascending("_id")))).isEqualTo(stored);
        assertThat(sameAnswer(c -> c.find(or(eq("_id", "c1"), eq("deviceId", "d2"))).sort(Sorts.ascending("_id")))).isEqualTo(stored);
    }

    @Test
    void updatesAndDeletesKeepTheSecondaryIndexesTrue() {
        commands.updateOne(eq("_id", "c9000"), Updates.set("status", "sent"));
        reference.updateOne(eq("_id", "c9000"), Updates.set("status", "sent"));
        commands.updateMany(and(eq("deviceId", "d1"), eq("status", "sent")), Updates.set("status", "queued"));
        reference.updateMany(and(eq("deviceId", "d1"), eq("status", "sent")), Updates.set("status", "queued"));
        commands.deleteOne(eq("_id", "c4000"));
        reference.deleteOne(eq("_id", "c4000"));
        commands.insertOne(command(COMMANDS + 1).append("status", "queued"));
        reference.insertOne(command(COMMANDS + 1).append("status", "queued"));
        commands.updateOne(eq("_id", "c6000"), Updates.unset("status"));
        reference.updateOne(eq("_id", "c6000"), Updates.unset("status"));
        for (String status : List.of("queued", "sent", "received")) {
            List<Object> expected = ids(reference.find(eq("status", status)).sort(Sorts.ascending("_id")));
            assertThat(ids(commands.find(eq("status", status)).sort(Sorts.ascending("_id")))).as(status).isEqualTo(expected);
        }
    }

    /** Asserts that the indexed answer equals the stock scan's; returns how many documents the wire server examined for it. */
    private static long sameAnswer(Function<MongoCollection<Document>, Iterable<Document>> query) {
        List<Object> expected = ids(query.apply(reference));
        long before = indexed.documentsExamined();
        List<Object> answer = ids(query.apply(commands));
        long examined = indexed.documentsExamined() - before;
        assertThat(answer).isEqualTo(expected).isNotEmpty();
        return examined;
    }

    private static <T> T examinedOnce(long examined, Supplier<T> call) {
        long before = indexed.documentsExamined();
        T result = call.get();
        assertThat(indexed.documentsExamined() - before).as("documents examined").isEqualTo(examined);
        return result;
    }

    private static List<Object> ids(Iterable<Document> documents) {
        List<Object> ids = new ArrayList<>();
        documents.forEach(d -> ids.add(d.get("_id")));
        return ids;
    }
}
