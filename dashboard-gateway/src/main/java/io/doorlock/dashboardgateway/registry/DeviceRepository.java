package io.doorlock.dashboardgateway.registry;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** The device registry. Every change is a single conditional update, so nothing is half-written. */
@ApplicationScoped
public class DeviceRepository implements PanacheMongoRepositoryBase<DeviceDocument, String> {

    public void ensureIndexes() {
        mongoCollection().createIndex(Indexes.ascending("espIdKey"), new IndexOptions().unique(true).sparse(true).name("espid_unique"));
        mongoCollection().createIndex(Indexes.ascending("userId"), new IndexOptions().name("owner"));
        mongoCollection().createIndex(Indexes.ascending("sharedWith.userId"), new IndexOptions().name("shared_with"));
    }

    /** Inserts the device; false when its espId is already registered. */
    public boolean create(DeviceDocument device) {
        device.espIdKey = device.espId.trim().toLowerCase(Locale.ROOT);
        try {
            persist(device);
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Devices the user owns or that are shared with them (the seed's {@code Device.findByUser}). */
    public List<DeviceDocument> findByUser(String userId) {
        return mongoCollection().find(or(eq("userId", userId), eq("sharedWith.userId", userId))).into(new ArrayList<>());
    }

    public List<DeviceDocument> findAllDevices() {
        return mongoCollection().find().into(new ArrayList<>());
    }

    /** Updates name/type of a device, only if it still exists. */
    public Optional<DeviceDocument> update(String id, Optional<String> name, Optional<String> deviceType, Instant at) {
        List<Bson> sets = new ArrayList<>();
        name.ifPresent(n -> sets.add(Updates.set("name", n)));
        deviceType.ifPresent(t -> sets.add(Updates.set("deviceType", t)));
        sets.add(Updates.set("updatedAt", at));
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(eq("_id", id), Updates.combine(sets), after()));
    }

    /** Deletes the device only if {@code ownerId} owns it. */
    public Optional<DeviceDocument> deleteOwned(String id, String ownerId) {
        return Optional.ofNullable(mongoCollection().findOneAndDelete(and(eq("_id", id), eq("userId", ownerId))));
    }

    /** Replaces the share of {@code userId} (removing any earlier one first). */
    public Optional<DeviceDocument> share(String id, String userId, String username, List<String> permissions, Instant at) {
        mongoCollection().updateOne(eq("_id", id), Updates.pull("sharedWith", new Document("userId", userId)));
        Document share = new Document("userId", userId).append("username", username).append("permissions", permissions)
                .append("sharedAt", Date.from(at));
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(eq("_id", id),
                Updates.combine(Updates.push("sharedWith", share), Updates.set("updatedAt", at)), after()));
    }

    public Optional<DeviceDocument> unshare(String id, String userId, Instant at) {
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(eq("_id", id),
                Updates.combine(Updates.pull("sharedWith", new Document("userId", userId)), Updates.set("updatedAt", at)), after()));
    }

    /** Sets a new token hash, only if {@code ownerId} owns the device. */
    public Optional<DeviceDocument> rotateToken(String id, String ownerId, String tokenSha256, Instant at) {
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(and(eq("_id", id), eq("userId", ownerId)),
                Updates.combine(Updates.set("tokenSha256", tokenSha256), Updates.set("tokenRotatedAt", at), Updates.set("updatedAt", at)),
                after()));
    }

    private static FindOneAndUpdateOptions after() {
        return new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
    }
}
