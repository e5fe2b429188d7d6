package io.doorlock.auditservice.query;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import io.doorlock.auditservice.audit.DeviceEventDocument;
import io.doorlock.auditservice.audit.DeviceEventStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import jakarta.inject.Inject;

/**
 * Clears part of the trail on a person's request ({@code DELETE /api/logs}), and records that it did: a
 * {@code logs_cleared} event per device (or one for "every device"), naming who asked, what and how many. Those
 * records are never cleared this way.
 */
@ApplicationScoped
public class TrailClearing {

    public static final String LOGS_CLEARED = "logs_cleared";
    static final String ALL_DEVICES = "*";

    private final DeviceEventStore store;
    private final Clock clock;

    @Inject
    public TrailClearing(DeviceEventStore store) {
        this(store, Clock.systemUTC());
    }

    TrailClearing(DeviceEventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Deletes the matching events older than {@code before}; {@code deviceIds} empty means every device. Answers how many. */
    public long clear(Optional<Collection<String>> deviceIds, Set<String> types, Instant before, String requestedBy) {
        List<Bson> filters = new ArrayList<>();
        deviceIds.ifPresent(ids -> filters.add(in("deviceId", ids)));
        if (!types.isEmpty()) {
            filters.add(in("eventType", types));
        }
        filters.add(lt("timestamp", before));
        filters.add(ne("eventType", LOGS_CLEARED));
        long deleted = store.mongoCollection().deleteMany(and(filters)).getDeletedCount();
        Instant now = clock.instant();
        for (String deviceId : deviceIds.map(ids -> (Collection<String>) ids).orElse(List.of(ALL_DEVICES))) {
            DeviceEventDocument record = new DeviceEventDocument();
            record.id = UUID.randomUUID().toString();
            record.deviceId = deviceId;
            record.eventType = LOGS_CLEARED;
            record.userId = requestedBy;
            record.payload = new Document("before", before.toString()).append("types", new ArrayList<>(types))
                    .append("deletedInRequest", deleted);
            record.timestamp = now;
            record.producer = "audit-service";
            store.persist(record);
        }
        return deleted;
    }
}
