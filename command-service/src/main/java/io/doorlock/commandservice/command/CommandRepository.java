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
import io.doorlock.commandservice.command.CommandOutcome.Write;
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

/** Persistence of commands. Every change of a stored command is one atomic, conditional {@code findOneAndUpdate}. */
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
     * Writes an outcome of {@link CommandRules} as one {@code findOneAndUpdate} whose filter is the outcome's
     * precondition; a new state also raises {@code revision} and adds a history entry. Empty when the precondition no
     * longer holds (another replica, the sweeper or another step got there first): then nothing changed.
     */
    public Optional<CommandDocument> apply(Write write) {
        List<Bson> updates = updates(write.writes());
        write.state().ifPresent(state -> {
            Document entry = new Document("status", state.wireName()).append("at", Date.from(write.at()));
            write.note().ifPresent(n -> entry.append("note", n));
            updates.add(set("status", state.wireName()));
            updates.add(inc("revision", 1L));
            updates.add(push("history", entry));
        });
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(filter(write.expected()), combine(updates),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
    }

    private static Bson filter(Precondition expected) {
        List<Bson> conditions = new ArrayList<>(List.of(eq("_id", expected.commandId()), eq("deviceId", expected.deviceId()),
                in("status", expected.states().stream().map(CommandState::wireName).toList())));
        expected.attempts().ifPresent(n -> conditions.add(eq("attempts", n)));
        expected.deliveriesBelow().ifPresent(max -> conditions.add(Filters.lt("deliveries", max)));
        expected.expiresAfter().ifPresent(at -> conditions.add(Filters.gt("expiresAt", Date.from(at))));
        expected.noDispatchAfter().ifPresent(cutoff -> conditions.add(DispatchInFlight.noneAfter(cutoff)));
        expected.nextAttemptAt().ifPresent(seen -> conditions.add(eq("nextAttemptAt", seen)));
        return and(conditions);
    }

    private static List<Bson> updates(CommandWrites writes) {
        List<Bson> updates = new ArrayList<>();
        if (writes.attemptsAdded() > 0) {
            updates.add(inc("attempts", writes.attemptsAdded()));
        }
        if (writes.deliveriesAdded() > 0) {
            updates.add(inc("deliveries", writes.deliveriesAdded()));
        }
        writes.lastDispatchAt().ifPresent(at -> updates.add(set("lastDispatchAt", at)));
        writes.nextAttemptAt().ifPresent(at -> updates.add(set("nextAttemptAt", at)));
        writes.sentAt().ifPresent(at -> updates.add(set("sentAt", at)));
        writes.transport().ifPresent(transport -> updates.add(set("transport", transport)));
        writes.receivedAt().ifPresent(at -> updates.add(set("receivedAt", at)));
        writes.completedAt().ifPresent(at -> updates.add(set("completedAt", at)));
        writes.errorMessage().ifPresent(message -> updates.add(set("errorMessage", message)));
        return updates;
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
