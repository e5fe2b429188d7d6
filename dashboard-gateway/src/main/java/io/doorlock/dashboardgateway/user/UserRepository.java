package io.doorlock.dashboardgateway.user;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** Users, with unique usernames and e-mail addresses (case-insensitive). */
@ApplicationScoped
public class UserRepository implements PanacheMongoRepositoryBase<UserDocument, String> {

    public void ensureIndexes() {
        mongoCollection().createIndex(Indexes.ascending("usernameKey"), new IndexOptions().unique(true).name("username_unique"));
        mongoCollection().createIndex(Indexes.ascending("emailKey"), new IndexOptions().unique(true).name("email_unique"));
    }

    /** Inserts the user; false when the username or e-mail is taken. */
    public boolean create(UserDocument user) {
        user.usernameKey = key(user.username);
        user.emailKey = key(user.email);
        try {
            persist(user);
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** By username or e-mail address, case-insensitive. */
    public Optional<UserDocument> findByLogin(String login) {
        String k = key(login);
        return Optional.ofNullable(mongoCollection().find(Filters.or(Filters.eq("usernameKey", k), Filters.eq("emailKey", k))).first());
    }

    public Optional<UserDocument> findByUsername(String username) {
        return Optional.ofNullable(mongoCollection().find(Filters.eq("usernameKey", key(username))).first());
    }

    public void changePassword(String userId, String passwordHash, Instant at) {
        mongoCollection().updateOne(Filters.eq("_id", userId),
                Updates.combine(Updates.set("passwordHash", passwordHash), Updates.set("passwordChangedAt", at)));
    }

    static String key(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
