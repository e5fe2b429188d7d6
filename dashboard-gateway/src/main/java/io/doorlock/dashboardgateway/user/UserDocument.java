package io.doorlock.dashboardgateway.user;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A user in {@code doorlock_dashboard.users}. {@code usernameKey} and {@code emailKey} are the lower-cased forms,
 * each under a unique index, so "Alice" and "alice" are one user. The password is only ever stored as a bcrypt hash.
 */
@MongoEntity(collection = "users")
public class UserDocument {
    @BsonId
    public String id;
    public String username;
    public String usernameKey;
    public String email;
    public String emailKey;
    public String passwordHash;
    /** {@code user} or {@code admin}. */
    public String role;
    public Instant createdAt;
    public Instant passwordChangedAt;
}
