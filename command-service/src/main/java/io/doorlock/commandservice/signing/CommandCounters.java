package io.doorlock.commandservice.signing;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One counter per device in {@code doorlock_commands.device_counters}, raised atomically for every command signed for
 * it, by whichever replica signs. A device refuses a command whose counter is not above the last it accepted, so a
 * captured command can never be played to it again.
 */
@ApplicationScoped
public class CommandCounters {

    private final MongoCollection<Document> counters;

    public CommandCounters(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.counters = mongo.getDatabase(database).getCollection("device_counters");
    }

    /** The device's next counter, from 1. */
    public long next(String deviceId) {
        Document after = counters.findOneAndUpdate(eq("_id", deviceId), Updates.inc("counter", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return after.get("counter", Number.class).longValue();
    }
}
