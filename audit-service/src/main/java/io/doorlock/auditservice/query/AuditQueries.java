package io.doorlock.auditservice.query;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import io.doorlock.auditservice.audit.DeviceEventStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import jakarta.inject.Inject;
import java.util.Collection;

/** Reads of the audit trail: a device's events paged, one command's or one flow's history, and usage figures. */
@ApplicationScoped
public class AuditQueries {

    /** The longest history returned for one command or correlation id. */
    static final int HISTORY_LIMIT = 1000;
    /** What the seed's metrics count as errors. */
    static final Set<String> ERROR_TYPES = Set.of("error", "command_failed", "command_timed_out", "command_expired");
    /** What counts as a command: each user request once. */
    static final String COMMAND_TYPE = "command_requested";
    /** What counts as a visitor: each doorbell photo once. */
    static final String VISITOR_TYPE = "new_visitor";

    private final DeviceEventStore store;
    private final Clock clock;

    @Inject
    public AuditQueries(DeviceEventStore store) {
        this(store, Clock.systemUTC());
    }

    AuditQueries(DeviceEventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A device's events, newest first, optionally only of some types and within {@code [from, to)}. */
    public EventPage deviceEvents(String deviceId, Set<String> types, Optional<Instant> from, Optional<Instant> to, int page, int limit) {
        return events(Optional.of(List.of(deviceId)), types, from, to, page, limit);
    }

    /** Events of some devices (or of all, when {@code deviceIds} is empty), newest first. */
    public EventPage events(Optional<Collection<String>> deviceIds, Set<String> types, Optional<Instant> from, Optional<Instant> to,
            int page, int limit) {
        List<Bson> filters = new ArrayList<>();
        deviceIds.ifPresent(ids -> filters.add(ids.size() == 1 ? eq("deviceId", ids.iterator().next()) : in("deviceId", ids)));
        if (!types.isEmpty()) {
            filters.add(in("eventType", types));
        }
        from.ifPresent(f -> filters.add(gte("timestamp", f)));
        to.ifPresent(t -> filters.add(lt("timestamp", t)));
        Bson filter = filters.isEmpty() ? new Document() : and(filters);
        long total = count(filter);
        List<AuditEventView> events = store.mongoCollection().find(filter).sort(new Document("timestamp", -1).append("_id", -1))
                .skip((page - 1) * limit).limit(limit).map(AuditEventView::of).into(new ArrayList<>());
        return new EventPage(events, page, limit, total, (long) page * limit < total);
    }

    /** Every event of one command or one correlation id, oldest first. */
    public List<AuditEventView> history(String field, String value) {
        return store.mongoCollection().find(eq(field, value)).sort(new Document("timestamp", 1).append("_id", 1)).limit(HISTORY_LIMIT)
                .map(AuditEventView::of).into(new ArrayList<>());
    }

    /** The seed's health metrics over the whole trail. */
    public UsageFigures usage() {
        Instant now = clock.instant();
        Instant dayAgo = now.minus(Duration.ofHours(24));
        Instant hourAgo = now.minus(Duration.ofHours(1));
        long events = count(gte("timestamp", dayAgo));
        long visitors = count(and(eq("eventType", VISITOR_TYPE), gte("timestamp", dayAgo)));
        long commands = count(and(eq("eventType", COMMAND_TYPE), gte("timestamp", dayAgo)));
        long errors = count(and(in("eventType", ERROR_TYPES), gte("timestamp", dayAgo)));
        long lastHour = count(gte("timestamp", hourAgo));
        return UsageFigures.of(events, visitors, commands, errors, lastHour);
    }

    private long count(Bson filter) {
        return store.mongoCollection().countDocuments(filter);
    }
}
