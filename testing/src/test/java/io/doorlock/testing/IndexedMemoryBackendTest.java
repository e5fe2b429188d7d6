package io.doorlock.testing;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Filters that pin {@code _id} answer exactly what a scan would, and no longer scan. */
class IndexedMemoryBackendTest {

    static MongoWireServer wire;
    static MongoClient client;
    static MongoCollection<Document> commands;

    @BeforeAll
    static void start() {
        wire = MongoWireServer.start();
        client = MongoClients.create(wire.connectionString());
        commands = client.getDatabase("t").getCollection("commands");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            docs.add(new Document("_id", "c" + i).append("deviceId", "d" + (i % 10)).append("status", i % 2 == 0 ? "queued" : "sent")
                    .append("revision", (long) i));
        }
        commands.insertMany(docs);
    }

    @AfterAll
    static void stop() {
        client.close();
        wire.stop();
    }

    @Test
    void aPinnedIdWithOtherConditionsFindsTheDocumentOnlyWhenAllHold() {
        assertThat(commands.find(and(eq("_id", "c4"), eq("deviceId", "d4"), in("status", List.of("queued", "received")))).first())
                .isNotNull();
        assertThat(commands.find(and(eq("_id", "c4"), eq("deviceId", "d5"))).first()).isNull();
        assertThat(commands.find(and(eq("_id", "c4"), in("status", List.of("sent")))).first()).isNull();
        assertThat(commands.find(and(eq("_id", "c4"), lt("revision", 4L))).first()).isNull();
        assertThat(commands.find(and(eq("_id", "missing"), eq("deviceId", "d4"))).first()).isNull();
        // operators on _id and filters without _id still work (through a scan)
        assertThat(commands.countDocuments(and(in("_id", List.of("c1", "c2", "c3")), eq("status", "sent")))).isEqualTo(2);
        assertThat(commands.countDocuments(eq("deviceId", "d3"))).isEqualTo(200);
    }

    @Test
    void guardedUpdatesApplyOnlyWhenTheGuardHolds() {
        Document moved = commands.findOneAndUpdate(and(eq("_id", "c10"), eq("deviceId", "d0"), in("status", List.of("queued"))),
                Updates.set("status", "received"), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        assertThat(moved.getString("status")).isEqualTo("received");
        Document again = commands.findOneAndUpdate(and(eq("_id", "c10"), eq("deviceId", "d0"), in("status", List.of("queued"))),
                Updates.set("status", "executed"));
        assertThat(again).isNull();
        assertThat(commands.find(eq("_id", "c10")).first().getString("status")).isEqualTo("received");
    }
}
