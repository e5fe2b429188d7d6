package io.doorlock.devicegateway.presence;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.doorlock.devicegateway.presence.PresenceRules.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code presence} collection of {@code doorlock_devices}: one document per device, shared by every
 * device-gateway replica. Link changes are optimistic compare-and-set on {@code revision} (read, apply
 * {@link PresenceRules}, update only if nobody changed the links meanwhile, else retry), so a transition is decided
 * exactly once even when two replicas or the sweeper race. Heartbeats only push {@code lastSeen} forward
 * ({@code $max}) and set the device's battery, RSSI and firmware; they never touch the links.
 */
@ApplicationScoped
public class PresenceStore {

    private static final Logger LOG = Logger.getLogger(PresenceStore.class);
    private static final int MAX_ATTEMPTS = 16;
    static final String COLLECTION = "presence";

    private final MongoCollection<Document> collection;

    public PresenceStore(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.collection = client.getDatabase(database).getCollection(COLLECTION);
    }

    /** Creates the sweeper's index. Idempotent. */
    public void ensureIndexes() {
        collection.createIndex(Indexes.ascending("status", "lastSeen"), new IndexOptions().name("status_lastSeen"));
    }

    public Optional<Presence> find(String deviceId) {
        return Optional.ofNullable(collection.find(eq("_id", deviceId)).first()).map(PresenceStore::presence);
    }

    /** The stored document with the device's battery and firmware too, for {@code device_status} answers. */
    public Optional<Document> document(String deviceId) {
        return Optional.ofNullable(collection.find(eq("_id", deviceId)).first());
    }

    /** Applies {@code change} atomically and returns what it meant. */
    public Outcome apply(String deviceId, PresenceChange change) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Document stored = collection.find(eq("_id", deviceId)).first();
            Presence before = stored == null ? Presence.unknown(deviceId) : presence(stored);
            Outcome outcome = PresenceRules.apply(before, change);
            if (!outcome.write()) {
                return outcome;
            }
            if (stored == null ? insert(outcome.after()) : update(before, outcome.after(), change)) {
                return outcome;
            }
            LOG.debugf("presence of %s changed concurrently; attempt %d", deviceId, attempt);
        }
        throw new IllegalStateException("presence of " + deviceId + " kept changing; gave up after " + MAX_ATTEMPTS + " attempts");
    }

    private boolean insert(Presence after) {
        try {
            collection.insertOne(toDocument(after));
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    private boolean update(Presence before, Presence after, PresenceChange change) {
        List<Bson> conditions = new ArrayList<>(List.of(eq("_id", before.deviceId()), eq("revision", before.revision())));
        if (change instanceof PresenceChange.Silent silent) {
            // A heartbeat may have landed after our read without touching the revision.
            conditions.add(or(lt("lastSeen", Date.from(silent.cutoff())), exists("lastSeen", false)));
        }
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set("status", after.online() ? "online" : "offline"));
        updates.add(Updates.set("revision", after.revision()));
        updates.add(after.socket().<Bson>map(s -> Updates.set("ws", socket(s))).orElse(Updates.unset("ws")));
        updates.add(after.mqtt().<Bson>map(m -> Updates.set("mqtt", mqtt(m))).orElse(Updates.unset("mqtt")));
        after.connectedAt().ifPresent(at -> updates.add(Updates.set("connectedAt", Date.from(at))));
        after.lastSeen().ifPresent(at -> updates.add(Updates.max("lastSeen", Date.from(at))));
        updates.add(after.offlineReason().<Bson>map(r -> Updates.set("offlineReason", r)).orElse(Updates.unset("offlineReason")));
        if (!after.online()) {
            updates.add(Updates.set("disconnectedAt", Date.from(change.at())));
        }
        if (change instanceof PresenceChange.MqttDown && before.mqtt().isPresent() && after.mqtt().isEmpty()) {
            // What a later flush compares MQTT sightings with: nothing handled within the grace after the Will revives
            // the link. A timeout does not count: a device heard after it has really spoken again.
            updates.add(Updates.set("mqttDownAt", Date.from(change.at())));
        }
        return collection.updateOne(and(conditions), Updates.combine(updates)).getMatchedCount() == 1;
    }

    /** A message seen from a device: what the heartbeat buffer flushes. */
    public record Seen(String deviceId, Instant at, Optional<String> connectionId, boolean overMqtt,
            Optional<Integer> batteryLevel, Optional<Integer> rssi, Optional<String> firmwareVersion) {}

    /**
     * A sighting whose link was not stored as expected. {@code otherSocket}: the device's stored socket is another
     * one (a newer connection replaced the one it was seen on), so that connection is a leftover, not a lost link.
     */
    public record Unlinked(Seen seen, Optional<String> otherSocket) {}

    /**
     * Writes a batch of sightings in one round trip. Returns those whose link was not found as expected (the socket
     * is not the stored one, or no MQTT session is stored): the caller registers a lost link again, or closes a
     * leftover socket. An MQTT sighting no later than {@code mqttRelinkGrace} after the device's last MQTT
     * {@code offline} is dropped: a message sent just before the Will, but handled just after it, must not revive the
     * link.
     */
    public List<Unlinked> touch(Collection<Seen> batch, Duration mqttRelinkGrace) {
        if (batch.isEmpty()) {
            return List.of();
        }
        List<UpdateOneModel<Document>> writes = new ArrayList<>(batch.size());
        for (Seen seen : batch) {
            List<Bson> updates = new ArrayList<>();
            updates.add(Updates.max("lastSeen", Date.from(seen.at())));
            seen.batteryLevel().ifPresent(v -> updates.add(Updates.set("batteryLevel", v)));
            seen.rssi().ifPresent(v -> updates.add(Updates.set("rssi", v)));
            seen.firmwareVersion().ifPresent(v -> updates.add(Updates.set("firmwareVersion", v)));
            writes.add(new UpdateOneModel<>(linkFilter(seen), Updates.combine(updates)));
        }
        int matched = collection.bulkWrite(writes, new BulkWriteOptions().ordered(false)).getMatchedCount();
        if (matched == batch.size()) {
            return List.of();
        }
        Set<String> linked = new HashSet<>();
        collection.find(or(batch.stream().map(PresenceStore::linkFilter).toList())).projection(Projections.include("_id"))
                .forEach(d -> linked.add(d.getString("_id")));
        List<Seen> unmatched = batch.stream().filter(s -> !linked.contains(s.deviceId())).toList();
        Map<String, Document> stored = new HashMap<>();
        collection.find(in("_id", unmatched.stream().map(Seen::deviceId).toList()))
                .projection(Projections.include("ws.connectionId", "mqttDownAt"))
                .forEach(d -> stored.put(d.getString("_id"), d));
        List<Unlinked> result = new ArrayList<>();
        for (Seen seen : unmatched) {
            Optional<Document> doc = Optional.ofNullable(stored.get(seen.deviceId()));
            if (seen.overMqtt()) {
                Optional<Instant> down = doc.flatMap(d -> instant(d, "mqttDownAt"));
                if (down.isEmpty() || seen.at().isAfter(down.get().plus(mqttRelinkGrace))) {
                    result.add(new Unlinked(seen, Optional.empty()));
                }
            } else {
                Optional<String> socket = doc.map(d -> d.get("ws", Document.class)).map(ws -> ws.getString("connectionId"));
                result.add(new Unlinked(seen, socket));
            }
        }
        return result;
    }

    private static Bson linkFilter(Seen seen) {
        return seen.overMqtt()
                ? and(eq("_id", seen.deviceId()), exists("mqtt", true))
                : and(eq("_id", seen.deviceId()), eq("ws.connectionId", seen.connectionId().orElse("")));
    }

    /** Online devices not heard from since {@code cutoff}: the sweeper's work list. */
    public List<String> silentSince(Instant cutoff, int limit) {
        List<String> ids = new ArrayList<>();
        collection.find(and(eq("status", "online"), or(lt("lastSeen", Date.from(cutoff)), exists("lastSeen", false))))
                .projection(Projections.include("_id")).limit(limit).forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    /**
     * Sets the device's low-battery flag to {@code low} if it is not already; true when this call changed it (the
     * level crossed the threshold, so exactly one caller emits {@code low_battery}).
     */
    public boolean flagLowBattery(String deviceId, boolean low) {
        return collection.updateOne(and(eq("_id", deviceId), ne("lowBattery", low)), Updates.set("lowBattery", low)).getModifiedCount() == 1;
    }

    /** Devices online now, platform-wide, by the links they hold. */
    public record Census(long websocketOnly, long mqttOnly, long both) {}

    public Census census() {
        Bson online = eq("status", "online");
        long both = collection.countDocuments(and(online, exists("ws"), exists("mqtt")));
        long ws = collection.countDocuments(and(online, exists("ws"), exists("mqtt", false)));
        long mqtt = collection.countDocuments(and(online, exists("ws", false), exists("mqtt")));
        return new Census(ws, mqtt, both);
    }

    /** The devices online now, with their links (at most {@code limit}, by device id). */
    public List<Presence> online(int limit) {
        return collection.find(eq("status", "online")).sort(Indexes.ascending("_id")).limit(limit).map(PresenceStore::presence)
                .into(new ArrayList<>());
    }

    static Presence presence(Document d) {
        Optional<Presence.SocketLink> socket = Optional.ofNullable(d.get("ws", Document.class))
                .map(ws -> new Presence.SocketLink(ws.getString("gatewayId"), ws.getString("connectionId"), instant(ws, "since").orElse(Instant.EPOCH)));
        Optional<Presence.MqttLink> mqtt = Optional.ofNullable(d.get("mqtt", Document.class))
                .map(m -> new Presence.MqttLink(Optional.ofNullable(m.getString("session")), instant(m, "since").orElse(Instant.EPOCH)));
        Number revision = d.get("revision", Number.class);
        return new Presence(d.getString("_id"), socket, mqtt, instant(d, "connectedAt"), instant(d, "lastSeen"),
                Optional.ofNullable(d.getString("offlineReason")), revision == null ? 0 : revision.longValue());
    }

    private static Document toDocument(Presence p) {
        Document d = new Document("_id", p.deviceId())
                .append("status", p.online() ? "online" : "offline")
                .append("revision", p.revision());
        p.socket().ifPresent(s -> d.append("ws", socket(s)));
        p.mqtt().ifPresent(m -> d.append("mqtt", mqtt(m)));
        p.connectedAt().ifPresent(at -> d.append("connectedAt", Date.from(at)));
        p.lastSeen().ifPresent(at -> d.append("lastSeen", Date.from(at)));
        p.offlineReason().ifPresent(r -> d.append("offlineReason", r));
        return d;
    }

    private static Document socket(Presence.SocketLink s) {
        return new Document("gatewayId", s.gatewayId()).append("connectionId", s.connectionId()).append("since", Date.from(s.since()));
    }

    private static Document mqtt(Presence.MqttLink m) {
        Document d = new Document("since", Date.from(m.since()));
        m.session().ifPresent(s -> d.append("session", s));
        return d;
    }

    static Optional<Instant> instant(Document d, String field) {
        return Optional.ofNullable(d.getDate(field)).map(Date::toInstant);
    }
}
