package io.doorlock.bench;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.nin;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.push;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * What command-service asks of its database, through the real driver, with the same filters and updates as its
 * repositories ({@code CommandRepository}, {@code DeviceLinks}, {@code CommandCounters}): one command is a link read,
 * a signing counter, the insert, the dispatch claim, the delivery count and three guarded transitions (sent, received,
 * executed); the sweeper's pass is its four queries (due, expirable, two execution timeouts).
 */
final class CommandStoreWorkload {

    static final int OPS_PER_COMMAND = 8;
    static final int OPS_PER_SWEEP = 4;
    private static final List<String> FIRMWARE = List.of("update_firmware");
    private static final FindOneAndUpdateOptions AFTER = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    private final MongoCollection<Document> commands;
    private final MongoCollection<Document> links;
    private final MongoCollection<Document> counters;

    CommandStoreWorkload(MongoDatabase database) {
        this.commands = database.getCollection("commands");
        this.links = database.getCollection("device_links");
        this.counters = database.getCollection("device_counters");
    }

    /** The indexes command-service creates at start. */
    void createIndexes() {
        commands.createIndex(Indexes.ascending("deviceId", "status", "createdAt"), new IndexOptions().name("device_status_created"));
        commands.createIndex(Indexes.ascending("status", "expiresAt"), new IndexOptions().name("status_expires"));
        commands.createIndex(Indexes.ascending("status", "nextAttemptAt"), new IndexOptions().name("status_nextAttempt"));
        commands.createIndex(Indexes.ascending("status", "receivedAt"), new IndexOptions().name("status_received"));
    }

    /** {@code count} finished commands (history), spread over {@code devices} devices. */
    void preload(int count, int devices, Instant at) {
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Document doc = document(UUID.randomUUID().toString(), "bench-device-" + (i % devices), at.minusSeconds(count - i));
            doc.append("status", "executed").append("attempts", 1).append("deliveries", 1).append("revision", 3L)
                    .append("receivedAt", Date.from(at)).append("completedAt", Date.from(at))
                    .append("history", List.of("queued", "sent", "received", "executed").stream()
                            .map(status -> new Document("status", status).append("at", Date.from(at))).toList());
            batch.add(doc);
            if (batch.size() == 1000) {
                commands.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            commands.insertMany(batch);
        }
    }

    /** One command from request to executed, as command-service stores it; returns the operations made. */
    int command(String deviceId, Instant now) {
        String id = UUID.randomUUID().toString();
        links.find(eq("_id", deviceId)).first();
        counters.findOneAndUpdate(eq("_id", deviceId), inc("counter", 1L), new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        commands.insertOne(document(id, deviceId, now).append("status", "queued").append("attempts", 0).append("deliveries", 0)
                .append("revision", 0L));
        commands.findOneAndUpdate(and(eq("_id", id), eq("attempts", 0), in("status", List.of("queued", "sent")),
                gt("expiresAt", Date.from(now)), lt("deliveries", 3)),
                combine(inc("attempts", 1), set("lastDispatchAt", Date.from(now)), set("nextAttemptAt", Date.from(now.plusSeconds(5)))), AFTER);
        commands.updateOne(and(eq("_id", id), eq("deviceId", deviceId)), inc("deliveries", 1));
        transition(id, deviceId, "queued", "sent", now, set("sentAt", Date.from(now)));
        transition(id, deviceId, "sent", "received", now, set("receivedAt", Date.from(now)));
        transition(id, deviceId, "received", "executed", now, set("completedAt", Date.from(now)));
        return OPS_PER_COMMAND;
    }

    /** A device link as it is recorded when the device connects (one per device, before the run). */
    void link(String deviceId, Instant at) {
        links.updateOne(and(eq("_id", deviceId), or(lt("at", Date.from(at)), exists("at", false))),
                combine(set("online", true), set("at", Date.from(at))), new UpdateOptions().upsert(true));
    }

    /** One pass of the sweeper; returns the operations made. */
    int sweep(Instant now) {
        Date inFlightCutoff = Date.from(now.minusSeconds(10));
        commands.find(and(eq("status", "queued"), lte("expiresAt", Date.from(now.minusSeconds(5))),
                        or(eq("lastDispatchAt", null), lte("lastDispatchAt", inFlightCutoff))))
                .sort(Sorts.ascending("expiresAt")).limit(500).into(new ArrayList<>());
        commands.find(and(in("status", List.of("queued", "sent")), lte("nextAttemptAt", Date.from(now))))
                .sort(Sorts.ascending("nextAttemptAt")).limit(500).into(new ArrayList<>());
        commands.find(and(eq("status", "received"), nin("command", FIRMWARE), lte("receivedAt", Date.from(now.minusSeconds(30)))))
                .sort(Sorts.ascending("receivedAt")).limit(500).into(new ArrayList<>());
        commands.find(and(eq("status", "received"), in("command", FIRMWARE), lte("receivedAt", Date.from(now.minus(Duration.ofMinutes(10))))))
                .sort(Sorts.ascending("receivedAt")).limit(500).into(new ArrayList<>());
        return OPS_PER_SWEEP;
    }

    private void transition(String id, String deviceId, String from, String to, Instant at, Bson extra) {
        commands.findOneAndUpdate(and(eq("_id", id), eq("deviceId", deviceId), in("status", List.of(from))),
                combine(extra, set("status", to), inc("revision", 1L), push("history", new Document("status", to).append("at", Date.from(at)))),
                AFTER);
    }

    /** A command document of about the size command-service stores (payload, signature, history). */
    private static Document document(String id, String deviceId, Instant at) {
        return new Document("_id", id).append("deviceId", deviceId).append("command", "unlock_door")
                .append("payload", new Document("durationSeconds", 5)).append("requestedBy", "bench-user")
                .append("correlationId", UUID.randomUUID().toString()).append("createdAt", Date.from(at)).append("requestedAt", Date.from(at))
                .append("expiresAt", Date.from(at.plusSeconds(30))).append("nextAttemptAt", Date.from(at.plusSeconds(5)))
                .append("authorization", new Document("alg", "Ed25519").append("kid", "platform-1").append("msg", "x".repeat(180))
                        .append("sig", "s".repeat(86)))
                .append("history", new ArrayList<>(List.of(new Document("status", "queued").append("at", Date.from(at)))));
    }
}
