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
}
