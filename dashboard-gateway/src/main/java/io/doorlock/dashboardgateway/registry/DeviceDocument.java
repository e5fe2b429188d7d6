package io.doorlock.dashboardgateway.registry;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A registered device in {@code doorlock_dashboard.devices}: the seed's {@code Device} with owner ({@code userId}),
 * shares and a device token stored only as its SHA-256. {@code espIdKey} (lower-cased) carries a unique index.
 */
@MongoEntity(collection = "devices")
public class DeviceDocument {
    @BsonId
    public String id;
    public String name;
    public String espId;
    public String espIdKey;
    /** {@code esp32-cam | door-lock | motion-sensor}. */
    public String deviceType;
    /** The owner's user id. */
    public String userId;
    public List<Share> sharedWith = new ArrayList<>();
    public String tokenSha256;
    public Instant tokenRotatedAt;
    public Instant createdAt;
    public Instant updatedAt;

    /** Access granted by the owner to another user. Registered for reflection: the MongoDB POJO codec reads it reflectively in a native image. */
    @RegisterForReflection
    public static class Share {
        public String userId;
        /** The user's name when the share was made (usernames never change); absent on shares made before it was kept. */
        public String username;
        /** {@code ["view"]} or {@code ["view", "control"]}. */
        public List<String> permissions = new ArrayList<>();
        public Instant sharedAt;
    }
}
