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
import com.mongodb.client.model.Filters;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.json.JsonCodec;
import java.time.Duration;

/**
 * dashboard-gateway's read model of commands ({@code doorlock_dashboard.command_history}), fed by command-service's
 * {@code command_status} events; command-service owns the commands themselves. It answers the history routes and
 * tells {@code cancel_command} which device a command belongs to, so that permission can be checked. A status is
 * applied only if its revision is newer than the stored one, so redelivered or reordered events change nothing.
 */
@ApplicationScoped
public class CommandHistory {

    /** How long command-service has to confirm a request before it is published again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(3);
    /** Requests are re-published for at most this long; the command's own deadline is shorter for door commands. */
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

    private final MongoCollection<Document> history;
    private final JsonCodec codec;

    public CommandHistory(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            JsonCodec codec) {
        this.history = client.getDatabase(database).getCollection("command_history");
        this.codec = codec;
    }

    public void ensureIndexes() {
        history.createIndex(Indexes.ascending("deviceId", "createdAt"), new IndexOptions().name("device_created"));
    }

    /**
     * The request itself, recorded before dashboard-gateway hands it to the bus (revision 0). It doubles as an outbox:
     * until command-service's first status arrives, {@link CommandRequestRetry} publishes it again.
     */
    public void requested(CommandRequested request, String correlationId) throws CommandIdConflict {
        Instant at = request.requestedAt();
        try {
            Document doc = new Document("_id", request.commandId()).append("deviceId", request.deviceId())
                    .append("command", request.command().wireName()).append("status", "queued").append("requestedBy", request.requestedBy())
                    .append("createdAt", Date.from(at)).append("updatedAt", Date.from(at)).append("revision", 0L)
                    .append("request", Document.parse(codec.encode(request))).append("correlationId", correlationId)
                    .append("retryAt", Date.from(at.plus(RETRY_AFTER)));
            history.insertOne(doc);
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Document existing = history.find(eq("_id", request.commandId())).first();
            boolean same = existing != null && request.deviceId().equals(existing.getString("deviceId"))
                    && request.command().wireName().equals(existing.getString("command"))
                    && request.requestedBy().equals(existing.getString("requestedBy"));
            if (!same) {
                throw new CommandIdConflict(request.commandId());
            }
        }
    }

    /** The client reused a commandId for another device, command or user: refused, the first command stands. */
    public static class CommandIdConflict extends Exception {
        public CommandIdConflict(String commandId) {
            super("commandId " + commandId + " is already used by another command; use a new id");
        }
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

    /** A request command-service has not confirmed, claimed for one re-publication by this caller. */
    public record Unconfirmed(CommandRequested request, String correlationId) {}

    /**
     * Requests still at revision 0 whose retry time has come, each claimed (retryAt moved forward) so that one
     * replica re-publishes it.
     */
    public List<Unconfirmed> claimUnconfirmed(Instant now, int limit) {
        List<Unconfirmed> claimed = new ArrayList<>();
        Bson due = and(eq("revision", 0L), Filters.lte("retryAt", Date.from(now)),
                Filters.gt("createdAt", Date.from(now.minus(GIVE_UP_AFTER))));
        for (Document d : history.find(due).limit(limit)) {
            Document request = d.get("request", Document.class);
            if (request == null) {
                continue;
            }
            boolean won = history.updateOne(and(eq("_id", d.getString("_id")), eq("revision", 0L), eq("retryAt", d.getDate("retryAt"))),
                    Updates.set("retryAt", Date.from(now.plus(RETRY_AFTER)))).getModifiedCount() == 1;
            if (won) {
                claimed.add(new Unconfirmed(codec.decode(request.toJson(), CommandRequested.class),
                        d.getString("correlationId")));
            }
        }
        return claimed;
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
