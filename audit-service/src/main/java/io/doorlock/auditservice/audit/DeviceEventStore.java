package io.doorlock.auditservice.audit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import java.time.Duration;
import java.util.List;
import com.mongodb.client.model.Indexes;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import com.mongodb.client.MongoCollection;
import io.doorlock.auditservice.AuditConfig;

/** The event store: the seed's indexes, a TTL for retention, and idempotent inserts. */
@ApplicationScoped
public class DeviceEventStore implements PanacheMongoRepositoryBase<DeviceEventDocument, String> {

    private static final Logger LOG = Logger.getLogger(DeviceEventStore.class);

    private final AuditConfig config;

    public DeviceEventStore(AuditConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            ensureIndexes();
        } catch (RuntimeException e) {
            LOG.warnf("could not create audit indexes yet: %s", e.getMessage());
        }
    }

    /** The seed's three indexes, lookups by command and correlation, and the retention TTL. Idempotent. */
    public void ensureIndexes() {
        issueIndexes(mongoCollection(), config.retention());
    }

    /** Sends one {@code createIndexes} per definition to {@code collection}. */
    static void issueIndexes(MongoCollection<?> collection, Duration retention) {
        for (IndexModel index : indexes(retention)) {
            collection.createIndex(index.getKeys(), index.getOptions());
        }
    }

    /** The index definitions, separate from issuing them so they can be checked without a real MongoDB. */
    static List<IndexModel> indexes(Duration retention) {
        return List.of(
                new IndexModel(Indexes.ascending("deviceId", "timestamp"), new IndexOptions().name("device_time")),
                new IndexModel(Indexes.ascending("eventType", "timestamp"), new IndexOptions().name("type_time")),
                new IndexModel(Indexes.ascending("deviceId", "eventType", "timestamp"), new IndexOptions().name("device_type_time")),
                new IndexModel(Indexes.ascending("commandId", "timestamp"), new IndexOptions().name("command_time")),
                new IndexModel(Indexes.ascending("correlationId", "timestamp"), new IndexOptions().name("correlation_time")),
                new IndexModel(Indexes.ascending("timestamp"), new IndexOptions().name("retention_ttl")
                        .expireAfter(retention.toSeconds(), TimeUnit.SECONDS)));
    }

    /**
     * Stores a batch in one unordered bulk insert. Events already stored (a redelivery: same {@code _id}) are counted
     * as duplicates, not errors; any other write error fails the whole call, and the caller writes the batch again.
     */
    public AuditBatchWriter.StoreResult storeAll(List<DeviceEventDocument> events) {
        try {
            mongoCollection().insertMany(events, new InsertManyOptions().ordered(false));
            return new AuditBatchWriter.StoreResult(events.size(), 0);
        } catch (MongoBulkWriteException e) {
            long duplicates = e.getWriteErrors().stream()
                    .filter(error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY).count();
            if (duplicates < e.getWriteErrors().size() || e.getWriteConcernError() != null) {
                throw e;
            }
            return new AuditBatchWriter.StoreResult(events.size() - (int) duplicates, (int) duplicates);
        }
    }
}
