package io.doorlock.dashboardgateway.command;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.doorlock.common.bus.CommandStatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * dashboard-gateway's read model of commands ({@code doorlock_dashboard.command_history}), fed by command-service's
 * {@code command_status} events; command-service owns the commands themselves. A command's first row, revision 0,
 * is the request {@link CommandOutbox} stored before publishing it. It answers the history routes and tells
 * {@code cancel_command} which device a command belongs to, so that permission can be checked. A status is applied
 * only if its revision is newer than the stored one, so redelivered or reordered events change nothing; this is also
 * what lets {@link CommandHistoryConsumer} write a batch of statuses as one unordered bulk write.
 */
@ApplicationScoped
public class CommandHistory {

    /** The collection, shared with {@link CommandOutbox}, whose pending requests are the commands' first rows. */
    static final String COLLECTION = "command_history";

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private final MongoCollection<Document> history;

    public CommandHistory(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.history = client.getDatabase(database).getCollection(COLLECTION);
    }

    public void ensureIndexes() {
        history.createIndex(Indexes.ascending("deviceId", "createdAt"), new IndexOptions().name("device_created"));
    }

    /** Applies a status unless a newer one is stored. */
    public void apply(CommandStatusChanged change) {
        applyAll(List.of(HistoryUpdate.of(change)));
    }

    /**
     * Applies each update unless a newer status of its command is stored, all in one unordered bulk write: the
     * revision guard makes the outcome the same in any order.
     */
    void applyAll(List<HistoryUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(updates.size());
        for (HistoryUpdate update : updates) {
            CommandStatusChanged change = update.latest();
            writes.add(new UpdateOneModel<>(and(eq("_id", change.commandId()), lt("revision", change.revision())), update(update), UPSERT));
        }
        try {
            history.bulkWrite(writes, UNORDERED);
        } catch (MongoBulkWriteException e) {
            // An upsert that collided with a stored row of a newer (or equal) revision: nothing to do for it.
            List<BulkWriteError> failed = e.getWriteErrors().stream()
                    .filter(w -> ErrorCategory.fromErrorCode(w.getCode()) != ErrorCategory.DUPLICATE_KEY).toList();
            if (!failed.isEmpty() || e.getWriteConcernError() != null) {
                throw e;
            }
        }
    }

    private static Bson update(HistoryUpdate update) {
        CommandStatusChanged change = update.latest();
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.set("status", change.status().wireName()),
                Updates.set("revision", change.revision()),
                Updates.set("updatedAt", Date.from(change.at())),
                Updates.setOnInsert("deviceId", change.deviceId()),
                Updates.setOnInsert("command", change.command().wireName()),
                Updates.setOnInsert("createdAt", Date.from(update.firstAt()))));
        update.errorMessage().ifPresent(m -> updates.add(Updates.set("errorMessage", m)));
        update.requestedBy().ifPresent(r -> updates.add(Updates.setOnInsert("requestedBy", r)));
        return Updates.combine(updates);
    }

    public Optional<CommandView> find(String commandId) {
        return Optional.ofNullable(history.find(eq("_id", commandId)).first()).map(CommandView::of);
    }

    /** One page of the commands of {@code deviceIds} (all devices when empty and {@code everything}), newest first. */
    public Page page(Optional<Collection<String>> deviceIds, Optional<String> status, int page, int limit) {
        Bson filter = filter(deviceIds, status.map(List::of).orElse(List.of()));
        long total = history.countDocuments(filter);
        List<CommandView> items = history.find(filter).sort(Sorts.descending("createdAt", "_id"))
                .skip((page - 1) * limit).limit(limit).map(CommandView::of).into(new ArrayList<>());
        return new Page(items, page, limit, total);
    }

    /** How many commands of {@code deviceIds} (all devices when empty) are in one of {@code statuses} (any when empty). */
    public long count(Optional<Collection<String>> deviceIds, List<String> statuses) {
        return history.countDocuments(filter(deviceIds, statuses));
    }

    private static Bson filter(Optional<Collection<String>> deviceIds, List<String> statuses) {
        List<Bson> filters = new ArrayList<>();
        deviceIds.ifPresent(ids -> filters.add(in("deviceId", ids)));
        if (!statuses.isEmpty()) {
            filters.add(statuses.size() == 1 ? eq("status", statuses.get(0)) : in("status", statuses));
        }
        return filters.isEmpty() ? new Document() : and(filters);
    }

    /** A page of commands. */
    public record Page(List<CommandView> items, int page, int limit, long total) {}

    /** A command as the history routes show it. */
    public record CommandView(String commandId, String deviceId, String command, String status, Optional<String> errorMessage,
            Optional<String> requestedBy, Instant createdAt, Instant updatedAt, long revision) {
        static CommandView of(Document d) {
            Number revision = d.get("revision", Number.class);
            return new CommandView(d.getString("_id"), d.getString("deviceId"), d.getString("command"), d.getString("status"),
                    Optional.ofNullable(d.getString("errorMessage")), Optional.ofNullable(d.getString("requestedBy")),
                    d.getDate("createdAt").toInstant(), d.getDate("updatedAt").toInstant(), revision == null ? 0 : revision.longValue());
        }
    }
}
