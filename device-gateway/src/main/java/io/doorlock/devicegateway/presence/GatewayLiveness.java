package io.doorlock.devicegateway.presence;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import io.doorlock.devicegateway.DeviceGatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which device-gateway replicas are alive, in the {@code gateways} collection: each replica stamps its document
 * every sweep. A dispatch is forwarded only to a live replica; the sockets of a crashed one are treated as gone
 * (MQTT fallback, or the command stays queued) until their devices reconnect or time out.
 */
@ApplicationScoped
public class GatewayLiveness {

    private final MongoCollection<Document> gateways;
    private final Duration staleAfter;
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();

    public GatewayLiveness(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database, DeviceGatewayConfig config) {
        this.gateways = client.getDatabase(database).getCollection("gateways");
        this.staleAfter = config.presence().sweepInterval().multipliedBy(3).plusSeconds(5);
    }

    /** This replica is alive now. */
    public void stamp(String gatewayId, Instant now) {
        gateways.replaceOne(eq("_id", gatewayId), new Document("_id", gatewayId).append("seenAt", Date.from(now)), new ReplaceOptions().upsert(true));
    }

    public boolean isAlive(String gatewayId, Instant now) {
        Instant cached = seen.get(gatewayId);
        if (cached != null && cached.plus(staleAfter).isAfter(now)) {
            return true;
        }
        Document d = gateways.find(eq("_id", gatewayId)).first();
        if (d == null || d.getDate("seenAt") == null) {
            return false;
        }
        Instant at = d.getDate("seenAt").toInstant();
        seen.put(gatewayId, at);
        return at.plus(staleAfter).isAfter(now);
    }
}
