package io.doorlock.commandservice.command;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.exists;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * command-service's view of which devices are online, in its own {@code device_links} collection, fed by
 * device-gateway's {@code device_connected} / {@code device_disconnected} events (device-gateway owns presence;
 * this is a read model). It decides whether dispatching is worth it (a device never heard of counts as online, so a
 * command is never held back because an event was missed) and where a dispatch goes: the replica that holds the
 * device's socket, as its last {@code device_connected} named it ({@link DispatchRoute}). Both come from the one read
 * command-service already made per command.
 */
@ApplicationScoped
public class DeviceLinks {

    private final MongoCollection<Document> links;

    public DeviceLinks(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.links = client.getDatabase(database).getCollection("device_links");
    }

    /**
     * Records a presence event unless a newer one is already stored; true when it was recorded.
     *
     * @param gatewayId the replica holding the device's socket after a {@code device_connected} (already validated);
     *        empty for an offline event or when the event named none
     */
    public boolean record(String deviceId, boolean online, Optional<String> gatewayId, Instant at) {
        try {
            var result = links.updateOne(and(eq("_id", deviceId), or(lt("at", Date.from(at)), exists("at", false))),
                    Updates.combine(Updates.set("online", online), Updates.set("at", Date.from(at)),
                            gatewayId.map(id -> Updates.set("gatewayId", id)).orElse(Updates.unset("gatewayId"))),
                    new UpdateOptions().upsert(true));
            return result.getMatchedCount() > 0 || result.getUpsertedId() != null;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false; // a newer event is stored: the upsert's insert collided with it
            }
            throw e;
        }
    }

    /** What the last event said: offline or not, and the replica holding the socket ({@link DeviceLink#UNKNOWN} if none was heard). */
    public DeviceLink find(String deviceId) {
        Document link = links.find(eq("_id", deviceId)).first();
        if (link == null) {
            return DeviceLink.UNKNOWN;
        }
        return new DeviceLink(Boolean.FALSE.equals(link.getBoolean("online")), Optional.ofNullable(link.getString("gatewayId")));
    }
}
