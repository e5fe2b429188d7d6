package io.doorlock.commandservice.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.doorlock.testing.MongoWireServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The "no dispatch in flight" rule at its boundaries, in both its forms: as the database applies it (the real wire
 * server) and as {@link CommandRules} apply it to a snapshot.
 */
class DispatchInFlightTest {

    static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z").truncatedTo(ChronoUnit.MILLIS);

    static MongoWireServer server;
    static MongoClient client;
    static MongoCollection<Document> commands;

    @BeforeAll
    static void store() {
        server = MongoWireServer.start();
        client = MongoClients.create(server.connectionString());
        commands = client.getDatabase("dispatch_in_flight").getCollection("commands");
        commands.insertMany(List.of(
                new Document("_id", "never-dispatched").append("attempts", 0),
                new Document("_id", "never-dispatched-null").append("attempts", 0).append("lastDispatchAt", null),
                dispatched("long-ago", NOW.minus(ACK_TIMEOUT).minusSeconds(60)),
                dispatched("exactly-an-ack-timeout-ago", NOW.minus(ACK_TIMEOUT)),
                dispatched("a-millisecond-short-of-it", NOW.minus(ACK_TIMEOUT).plusMillis(1)),
                dispatched("just-now", NOW)));
    }

    @AfterAll
    static void close() {
        client.close();
        server.close();
    }

    @Test
    void aCommandHasNoDispatchInFlightWhenNeverDispatchedOrLastDispatchedAtLeastAnAckTimeoutAgo() {
        List<String> none = commands.find(new DispatchInFlight(ACK_TIMEOUT).noneAt(NOW)).map(d -> d.getString("_id")).into(new ArrayList<>());
        assertThat(none).containsExactlyInAnyOrder("never-dispatched", "never-dispatched-null", "long-ago", "exactly-an-ack-timeout-ago");
    }

    @Test
    void aDispatchStaysInFlightForAnAckTimeout() {
        // A millisecond later, the dispatch a millisecond short of the ack timeout is no longer in flight; one just made still is.
        List<String> none = commands.find(new DispatchInFlight(ACK_TIMEOUT).noneAt(NOW.plusMillis(1))).map(d -> d.getString("_id"))
                .into(new ArrayList<>());
        assertThat(none).contains("a-millisecond-short-of-it").doesNotContain("just-now");
    }

    @Test
    void theRulesSeeTheSameBoundariesOnASnapshot() {
        DispatchInFlight inFlight = new DispatchInFlight(ACK_TIMEOUT);
        assertThat(inFlight.at(Optional.empty(), NOW)).as("never dispatched").isFalse();
        assertThat(inFlight.at(Optional.of(NOW.minus(ACK_TIMEOUT).minusSeconds(60)), NOW)).as("long ago").isFalse();
        assertThat(inFlight.at(Optional.of(NOW.minus(ACK_TIMEOUT)), NOW)).as("exactly an ack timeout ago").isFalse();
        assertThat(inFlight.at(Optional.of(NOW.minus(ACK_TIMEOUT).plusMillis(1)), NOW)).as("a millisecond short of it").isTrue();
        assertThat(inFlight.at(Optional.of(NOW.minus(ACK_TIMEOUT).plusMillis(1)), NOW.plusMillis(1))).as("a millisecond later").isFalse();
        assertThat(inFlight.at(Optional.of(NOW), NOW)).as("just now").isTrue();
    }

    private static Document dispatched(String id, Instant at) {
        return new Document("_id", id).append("attempts", 1).append("lastDispatchAt", Date.from(at));
    }
}
