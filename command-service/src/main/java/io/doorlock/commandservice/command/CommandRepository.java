package io.doorlock.commandservice.command;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.push;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.doorlock.common.command.CommandState;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Persistence of commands. Every state change is one atomic {@code findOneAndUpdate}. */
@ApplicationScoped
public class CommandRepository implements PanacheMongoRepositoryBase<CommandDocument, String> {

    void onStart(@Observes StartupEvent event) {
        try {
            ensureIndexes();
        } catch (RuntimeException e) {
            Logger.getLogger(CommandRepository.class).warnf("could not create indexes yet: %s", e.getMessage());
        }
    }

    /** Creates the indexes command queries need. Idempotent. */
    public void ensureIndexes() {
        mongoCollection().createIndex(Indexes.ascending("deviceId", "status", "createdAt"), new IndexOptions().name("device_status_created"));
        mongoCollection().createIndex(Indexes.ascending("status", "expiresAt"), new IndexOptions().name("status_expires"));
        mongoCollection().createIndex(Indexes.ascending("status", "nextAttemptAt"), new IndexOptions().name("status_nextAttempt"));
        mongoCollection().createIndex(Indexes.ascending("status", "receivedAt"), new IndexOptions().name("status_received"));
    }

    /** Inserts a new command; empty when a command with that id already exists (a duplicate request). */
    public Optional<CommandDocument> create(CommandDocument command) {
        try {
            persist(command);
            return Optional.of(command);
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Moves {@code commandId} of {@code deviceId} from one of {@code from} to {@code to}, atomically. Empty when the
     * command does not exist, belongs to another device, or is not in one of the expected states: then nothing changed.
     */
    public Optional<CommandDocument> transition(String commandId, String deviceId, Collection<CommandState> from, CommandState to,
            Instant at, Optional<String> note, List<Bson> extraUpdates) {
        return transition(commandId, deviceId, from, to, at, note, extraUpdates, Optional.empty());
    }

    /** As above, with one more condition the command must meet. */
    public Optional<CommandDocument> transition(String commandId, String deviceId, Collection<CommandState> from, CommandState to,
            Instant at, Optional<String> note, List<Bson> extraUpdates, Optional<Bson> condition) {
        List<String> fromNames = from.stream().map(CommandState::wireName).toList();
        List<Bson> conditions = new ArrayList<>(List.of(eq("_id", commandId), eq("deviceId", deviceId), in("status", fromNames)));
        condition.ifPresent(conditions::add);
        Bson filter = and(conditions);
        Document entry = new Document("status", to.wireName()).append("at", Date.from(at));
        note.ifPresent(n -> entry.append("note", n));
        List<Bson> updates = new ArrayList<>(extraUpdates);
        updates.add(set("status", to.wireName()));
        updates.add(inc("revision", 1L));
        updates.add(push("history", entry));
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(filter, combine(updates),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
    }

    /**
     * Claims the next dispatch of a command: {@code attempts} goes from {@code expected} to {@code expected + 1} if the
     * command is still in one of {@code states}, is not past its deadline and has deliveries left. Exactly one caller
     * (replica, sweeper or reconnect) wins a given attempt; only the winner publishes the dispatch.
     */
    public Optional<CommandDocument> claimDispatch(String commandId, int expected, Collection<CommandState> states, int maxDeliveries,
            Instant now, Instant nextAttemptAt) {
        Bson filter = and(eq("_id", commandId), eq("attempts", expected), in("status", states.stream().map(CommandState::wireName).toList()),
                Filters.gt("expiresAt", Date.from(now)), Filters.lt("deliveries", maxDeliveries));
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(filter,
                combine(inc("attempts", 1), set("lastDispatchAt", now), set("nextAttemptAt", nextAttemptAt)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
    }

    /** Counts a delivery receipt of the target device, whatever the state. */
    public void countDelivery(String commandId, String deviceId) {
        mongoCollection().updateOne(and(eq("_id", commandId), eq("deviceId", deviceId)), inc("deliveries", 1));
    }

    /** Moves the sweeper's next look at a command, if nobody else did meanwhile. */
    public void postpone(String commandId, Instant seen, Instant next) {
        mongoCollection().updateOne(and(eq("_id", commandId), eq("nextAttemptAt", seen)), set("nextAttemptAt", next));
    }

    /** The device's {@code queued} commands, oldest first: what is delivered when it comes online. */
    public List<CommandDocument> queuedFor(String deviceId, int limit) {
        return mongoCollection().find(and(eq("deviceId", deviceId), eq("status", CommandState.QUEUED.wireName())))
                .sort(Sorts.ascending("createdAt", "_id")).limit(limit).into(new ArrayList<>());
    }

    /** {@code queued} or {@code sent} commands whose next look is due, oldest first. */
    public List<CommandDocument> dueForAttempt(Instant now, int limit) {
        return mongoCollection().find(and(in("status", List.of(CommandState.QUEUED.wireName(), CommandState.SENT.wireName())),
                        Filters.lte("nextAttemptAt", Date.from(now))))
                .sort(Sorts.ascending("nextAttemptAt")).limit(limit).into(new ArrayList<>());
    }

    /**
     * {@code queued} commands past deadline + grace that also match {@code noDispatchInFlight} ({@link DispatchInFlight}),
     * so that a delivery receipt still on its way is not overtaken by {@code expired}.
     */
    public List<CommandDocument> expirable(Instant deadlineBefore, Bson noDispatchInFlight, int limit) {
        return mongoCollection().find(and(eq("status", CommandState.QUEUED.wireName()), Filters.lte("expiresAt", Date.from(deadlineBefore)),
                        noDispatchInFlight))
                .sort(Sorts.ascending("expiresAt")).limit(limit).into(new ArrayList<>());
    }

    /** {@code received} commands of the given types (or all other types) received at or before {@code cutoff}. */
    public List<CommandDocument> receivedBefore(Instant cutoff, Collection<String> commands, boolean those, int limit) {
        Bson types = those ? in("command", commands) : Filters.nin("command", commands);
        return mongoCollection().find(and(eq("status", CommandState.RECEIVED.wireName()), types, Filters.lte("receivedAt", Date.from(cutoff))))
                .sort(Sorts.ascending("receivedAt")).limit(limit).into(new ArrayList<>());
    }
}
