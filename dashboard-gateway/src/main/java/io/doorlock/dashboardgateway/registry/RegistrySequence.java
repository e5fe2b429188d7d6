package io.doorlock.dashboardgateway.registry;

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
 * The registry's version numbers: one counter in {@code doorlock_dashboard.counters}, raised atomically for every
 * registry record published, by whichever replica publishes it. Versions only grow, across devices, deletions and
 * re-registrations of the same id, so a gateway can always tell the newer of two records.
 */
@ApplicationScoped
public class RegistrySequence {

    private static final String ID = "registry";

    private final MongoCollection<Document> counters;

    public RegistrySequence(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.counters = mongo.getDatabase(database).getCollection("counters");
    }

    /** The next version. */
    public long next() {
        Document after = counters.findOneAndUpdate(eq("_id", ID), Updates.inc("value", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return after.get("value", Number.class).longValue();
    }
}
