package io.doorlock.dashboardgateway.command;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
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
 * only if its revision is newer than the stored one, so redelivered or reordered events change nothing.
 */
@ApplicationScoped
public class CommandHistory {

    /** The collection, shared with {@link CommandOutbox}, whose pending requests are the commands' first rows. */
    static final String COLLECTION = "command_history";

    private final MongoCollection<Document> history;

    public CommandHistory(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.history = client.getDatabase(database).getCollection(COLLECTION);
    }

    public void ensureIndexes() {
        history.createIndex(Indexes.ascending("deviceId", "createdAt"), new IndexOptions().name("device_created"));
    }

    /** Applies a status unless a newer one is stored. */
    public void apply(CommandStatusChanged change) {
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.set("status", change.status().wireName()),
                Updates.set("revision", change.revision()),
                Updates.set("updatedAt", Date.from(change.at())),
                Updates.setOnInsert("deviceId", change.deviceId()),
                Updates.setOnInsert("command", change.command().wireName()),
                Updates.setOnInsert("createdAt", Date.from(change.at()))));
        change.errorMessage().ifPresent(m -> updates.add(Updates.set("errorMessage", m)));
        if (change.requestedBy() != null) {
            updates.add(Updates.setOnInsert("requestedBy", change.requestedBy()));
        }
        try {
            history.updateOne(and(eq("_id", change.commandId()), lt("revision", change.revision())), Updates.combine(updates),
                    new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            // The upsert collided with a stored document of a newer (or equal) revision: nothing to do.
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
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
