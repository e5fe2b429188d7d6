package io.doorlock.dashboardgateway.auth;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The deny list of access tokens revoked before they expire ({@code doorlock_dashboard.revoked_tokens}). An entry
 * is only needed until the token would have expired anyway: a TTL index on {@code expiresAt} removes it then (in
 * MongoDB; the wire server used in tests keeps it).
 */
@ApplicationScoped
public class RevokedTokens {

    private final MongoCollection<Document> collection;

    public RevokedTokens(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.collection = mongo.getDatabase(database).getCollection("revoked_tokens");
    }

    public void ensureIndexes() {
        collection.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().name("expiry_ttl").expireAfter(0L, TimeUnit.SECONDS));
    }

    public void revoke(String tokenId, String userId, Instant expiresAt) {
        try {
            collection.insertOne(new Document("_id", tokenId).append("userId", userId).append("expiresAt", Date.from(expiresAt))
                    .append("revokedAt", new Date()));
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    public boolean isRevoked(String tokenId) {
        return tokenId != null && collection.find(Filters.eq("_id", tokenId)).first() != null;
    }
}
