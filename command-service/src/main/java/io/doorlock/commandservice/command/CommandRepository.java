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

/** Persistence of commands. Every state change is one atomic {@code findOneAndUpdate}. */
@ApplicationScoped
public class CommandRepository implements PanacheMongoRepositoryBase<CommandDocument, String> {

    void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        try {
            ensureIndexes();
        } catch (RuntimeException e) {
            org.jboss.logging.Logger.getLogger(CommandRepository.class).warnf("could not create indexes yet: %s", e.getMessage());
        }
    }

    /** Creates the indexes command queries need. Idempotent. */
    public void ensureIndexes() {
        mongoCollection().createIndex(Indexes.ascending("deviceId", "status", "createdAt"), new IndexOptions().name("device_status_created"));
        mongoCollection().createIndex(Indexes.ascending("status", "expiresAt"), new IndexOptions().name("status_expires"));
        mongoCollection().createIndex(Indexes.ascending("status", "lastDispatchAt"), new IndexOptions().name("status_lastDispatch"));
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
        List<String> fromNames = from.stream().map(CommandState::wireName).toList();
        Bson filter = and(eq("_id", commandId), eq("deviceId", deviceId), in("status", fromNames));
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
     * command is still in one of {@code states}, is not past its deadline and has attempts left. Exactly one caller
     * (replica, sweeper or reconnect) wins a given attempt; only the winner publishes the dispatch.
     */
    public Optional<CommandDocument> claimDispatch(String commandId, int expected, Collection<CommandState> states, int maxAttempts, Instant now) {
        if (expected >= maxAttempts) {
            return Optional.empty();
        }
        Bson filter = and(eq("_id", commandId), eq("attempts", expected), in("status", states.stream().map(CommandState::wireName).toList()),
                com.mongodb.client.model.Filters.gt("expiresAt", Date.from(now)));
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(filter, combine(inc("attempts", 1), set("lastDispatchAt", now)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
    }

    /** The device's {@code queued} commands, oldest first: what is delivered when it comes online. */
    public List<CommandDocument> queuedFor(String deviceId, int limit) {
        return mongoCollection().find(and(eq("deviceId", deviceId), eq("status", CommandState.QUEUED.wireName())))
                .sort(com.mongodb.client.model.Sorts.ascending("createdAt", "_id")).limit(limit).into(new ArrayList<>());
    }

    /** Commands in {@code state} whose {@code field} (an instant) is at or before {@code cutoff}, oldest first. */
    public List<CommandDocument> due(CommandState state, String field, Instant cutoff, int limit) {
        return mongoCollection().find(and(eq("status", state.wireName()), com.mongodb.client.model.Filters.lte(field, Date.from(cutoff))))
                .sort(com.mongodb.client.model.Sorts.ascending(field)).limit(limit).into(new ArrayList<>());
    }
}
