package io.doorlock.commandservice.command;

import io.doorlock.commandservice.command.CommandOutcome.Create;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.command.CommandAuthorization;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import io.doorlock.common.command.CommandState;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One command in {@code doorlock_commands.commands}. {@code _id} is the command id, so the unique {@code _id} index
 * is the idempotency key: the same request twice creates one document. It only ever changes through
 * {@link CommandRepository#apply}: an outcome of {@link CommandRules}, written as one conditional update.
 */
@MongoEntity(collection = "commands")
public class CommandDocument {
    @BsonId
    public String id;
    public String deviceId;
    public String command;
    public Document payload;
    /** Wire name of {@link CommandState}. */
    public String status;
    public String requestedBy;
    public String correlationId;
    public Instant createdAt;
    /** When the user asked (the deadline counts from here, even if the request reached command-service late). */
    public Instant requestedAt;
    public Instant expiresAt;
    public Instant sentAt;
    public Instant receivedAt;
    public Instant completedAt;
    public String transport;
    public String errorMessage;
    /** Dispatches published so far (the {@code attempt} of the last one), including those that found no taker. */
    public int attempts;
    /** Deliveries the gateways reported (every receipt, re-sends included): at most {@code max-attempts}. */
    public int deliveries;
    /** When the sweeper next looks at this command (re-dispatch, re-send or time-out); set on every dispatch. */
    public Instant nextAttemptAt;
    /** When the last dispatch was published: the ack timeout and the re-dispatch of a queued command count from it. */
    public Instant lastDispatchAt;
    /** Starts at 1 on creation and grows by one per transition. */
    public long revision;
    public List<Transition> history = new ArrayList<>();
    /** The platform's signature on the command, made once at creation; every dispatch carries it unchanged. */
    public Authorization authorization;

    /** A new {@code queued} command, as the rules' {@code create} outcome says, not yet signed. */
    static CommandDocument queued(CommandRequested request, Document payload, String correlationId, Create create) {
        CommandDocument doc = new CommandDocument();
        doc.id = request.commandId();
        doc.deviceId = request.deviceId();
        doc.command = request.command().wireName();
        doc.payload = payload;
        doc.status = CommandState.QUEUED.wireName();
        doc.requestedBy = request.requestedBy();
        doc.correlationId = correlationId;
        doc.createdAt = create.createdAt();
        doc.requestedAt = create.requestedAt();
        doc.expiresAt = create.expiresAt();
        doc.nextAttemptAt = create.nextAttemptAt();
        doc.revision = 1;
        Transition created = new Transition();
        created.status = CommandState.QUEUED.wireName();
        created.at = create.createdAt();
        doc.history.add(created);
        return doc;
    }

    /** {@link #status} as the enum. */
    CommandState state() {
        return CommandState.valueOf(status.toUpperCase(Locale.ROOT));
    }

    /** A stored {@link CommandAuthorization}. Registered for reflection, like {@link Transition}. */
    @RegisterForReflection
    public static class Authorization {
        public String alg;
        public String kid;
        public String msg;
        public String sig;

        static Authorization of(CommandAuthorization auth) {
            Authorization stored = new Authorization();
            stored.alg = auth.alg();
            stored.kid = auth.kid();
            stored.msg = auth.msg();
            stored.sig = auth.sig();
            return stored;
        }

        CommandAuthorization toRecord() {
            return new CommandAuthorization(alg, kid, msg, sig);
        }
    }

    /** One recorded state change. Registered for reflection: the MongoDB POJO codec reads it reflectively in a native image. */
    @RegisterForReflection
    public static class Transition {
        public String status;
        public Instant at;
        public String note;
    }
}
