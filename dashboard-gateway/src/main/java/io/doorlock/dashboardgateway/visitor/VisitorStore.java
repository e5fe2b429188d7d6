package io.doorlock.dashboardgateway.visitor;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import com.mongodb.MongoGridFSException;
import com.mongodb.client.model.Filters;

/**
 * {@code doorlock_dashboard.visitor_logs} and the photos in GridFS ({@code visitor_images.files/chunks}), both owned
 * by dashboard-gateway. A decision is one conditional update on {@code status: pending}: the first one wins, every
 * other finds nothing to update.
 */
@ApplicationScoped
public class VisitorStore {

    private final MongoCollection<Document> logs;
    private final GridFSBucket images;

    public VisitorStore(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        MongoDatabase db = client.getDatabase(database);
        this.logs = db.getCollection("visitor_logs");
        this.images = GridFSBuckets.create(db, "visitor_images");
    }

    public void ensureIndexes() {
        logs.createIndex(Indexes.ascending("deviceId", "createdAt"), new IndexOptions().name("device_created"));
        logs.createIndex(Indexes.ascending("status", "expiresAt"), new IndexOptions().name("status_expires"));
    }

    /** Stores the photo, then the pending visitor that points at it. */
    public VisitorLog create(String deviceId, byte[] image, String contentType, Instant now, Instant expiresAt) {
        ObjectId imageId = images.uploadFromStream(deviceId + "-" + now.toEpochMilli(), new ByteArrayInputStream(image),
                new GridFSUploadOptions().metadata(new Document("contentType", contentType).append("deviceId", deviceId)));
        String id = new ObjectId().toHexString();
        Document doc = new Document("_id", id).append("deviceId", deviceId).append("status", "pending")
                .append("imageId", imageId.toHexString()).append("contentType", contentType).append("imageBytes", image.length)
                .append("createdAt", Date.from(now)).append("expiresAt", Date.from(expiresAt));
        logs.insertOne(doc);
        return VisitorLog.of(doc);
    }

    public Optional<VisitorLog> find(String id) {
        return Optional.ofNullable(logs.find(eq("_id", id)).first()).map(VisitorLog::of);
    }

    public Optional<byte[]> image(String imageId) {
        if (!ObjectId.isValid(imageId)) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            images.downloadToStream(new ObjectId(imageId), out);
        } catch (MongoGridFSException e) {
            return Optional.empty();
        }
        return Optional.of(out.toByteArray());
    }

    /**
     * Decides a pending, unexpired visitor: empty when it was already decided or expired (someone else won).
     *
     * @param commandId the unlock's id, chosen before the decision so that the winner and its command are one write
     */
    public Optional<VisitorLog> decide(String id, String status, String adminId, Optional<String> notes, Optional<String> commandId, Instant now) {
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("status", status), Updates.set("adminId", adminId),
                Updates.set("decidedAt", Date.from(now))));
        notes.ifPresent(n -> updates.add(Updates.set("notes", n)));
        commandId.ifPresent(c -> updates.add(Updates.set("commandId", c)));
        return Optional.ofNullable(logs.findOneAndUpdate(and(eq("_id", id), eq("status", "pending"), gt("expiresAt", Date.from(now))),
                Updates.combine(updates), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).map(VisitorLog::of);
    }

    /** The unlock of a granted visitor is recorded and on its way (dashboard-gateway re-publishes it until confirmed). */
    public void unlockRequested(String id) {
        logs.updateOne(eq("_id", id), Updates.set("unlockRequested", true));
    }

    /** Granted visitors whose unlock was never recorded (the replica died, or the database failed, in between). */
    public List<VisitorLog> grantedWithoutUnlock(Instant decidedBefore, int limit) {
        return logs.find(and(eq("status", "granted"), Filters.ne("unlockRequested", true),
                        lte("decidedAt", Date.from(decidedBefore))))
                .limit(limit).map(VisitorLog::of).into(new ArrayList<>());
    }

    /** Pending visitors past their time, oldest first. */
    public List<VisitorLog> overdue(Instant now, int limit) {
        return logs.find(and(eq("status", "pending"), lte("expiresAt", Date.from(now)))).sort(Sorts.ascending("expiresAt")).limit(limit)
                .map(VisitorLog::of).into(new ArrayList<>());
    }

    /** Marks an overdue visitor expired, unless it was decided meanwhile. */
    public Optional<VisitorLog> expire(String id, Instant now) {
        return Optional.ofNullable(logs.findOneAndUpdate(and(eq("_id", id), eq("status", "pending"), lte("expiresAt", Date.from(now))),
                Updates.combine(Updates.set("status", "expired"), Updates.set("decidedAt", Date.from(now))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).map(VisitorLog::of);
    }

    /** A page of the visitors of {@code deviceIds} (every device when empty), newest first. */
    public Page page(Optional<Collection<String>> deviceIds, Optional<String> status, int page, int limit) {
        Bson filter = filter(deviceIds, status);
        long total = logs.countDocuments(filter);
        List<VisitorLog.View> items = logs.find(filter).sort(Sorts.descending("createdAt", "_id")).skip((page - 1) * limit).limit(limit)
                .map(d -> VisitorLog.of(d).view()).into(new ArrayList<>());
        return new Page(items, page, limit, total);
    }

    /** Counts per status of {@code deviceIds} (every device when empty), since {@code since}. */
    public Document stats(Optional<Collection<String>> deviceIds, Instant since) {
        Document counts = new Document("total", 0L);
        for (String status : List.of("pending", "granted", "denied", "expired")) {
            long n = logs.countDocuments(and(filter(deviceIds, Optional.of(status)), gt("createdAt", Date.from(since))));
            counts.append(status, n);
            counts.put("total", counts.getLong("total") + n);
        }
        return counts;
    }

    private static Bson filter(Optional<Collection<String>> deviceIds, Optional<String> status) {
        List<Bson> filters = new ArrayList<>();
        deviceIds.ifPresent(ids -> filters.add(in("deviceId", ids)));
        status.ifPresent(s -> filters.add(eq("status", s)));
        return filters.isEmpty() ? new Document() : and(filters);
    }

    /** A page of visitors. */
    public record Page(List<VisitorLog.View> items, int page, int limit, long total) {}
}
