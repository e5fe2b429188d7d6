package io.doorlock.dashboardgateway.command;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import io.doorlock.base.bus.BusPublisher;
import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The request side of "a command is never lost": the bus acknowledges a request when the broker has it, but
 * command-service could still die before storing it. Every request is stored here before it is published: as the
 * command's first row in {@code command_history} (revision 0, status {@code queued}, so the history and
 * {@code cancel_command} know it at once), with the request itself and when to retry it. One that command-service
 * has not confirmed (no status yet, see {@link CommandHistory#apply}) within {@link #RETRY_AFTER} is published again,
 * with the same commandId and requestedAt, so it creates at most one command and its deadline still counts from the
 * user's click; after {@link #GIVE_UP_AFTER} it is given up (its own deadline has passed long before).
 */
@ApplicationScoped
public class CommandOutbox {

    /** How long command-service has to confirm a request before it is published again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(3);
    /** Requests are re-published for at most this long; the command's own deadline is shorter for door commands. */
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

    private static final Logger LOG = Logger.getLogger(CommandOutbox.class);

    private final MongoCollection<Document> pending;
    private final JsonCodec codec;
    private final BusPublisher bus;
    private final MeterRegistry metrics;
    private ScheduledExecutorService timer;

    public CommandOutbox(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database, JsonCodec codec,
            BusPublisher bus, MeterRegistry metrics) {
        this.pending = client.getDatabase(database).getCollection(CommandHistory.COLLECTION);
        this.codec = codec;
        this.bus = bus;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "command-outbox");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::retryQuietly, 1, 1, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /**
     * Stores the request, then publishes it. Once it is stored, the step is durable (the request is published again
     * until command-service confirms it), so this returns without waiting for the broker: a publish that fails is
     * logged, counted ({@code doorlock_command_requests_publish_failed_total}) and left to the re-publication. Only a
     * request that could not be stored waits for the broker's PUBACK, as it has no other safety net.
     *
     * @throws IllegalArgumentException when its commandId is already used by another device, command or user
     * @throws BusUnavailableException when the request could not be stored and the broker did not take it either
     */
    void send(CommandRequested request, String correlationId) {
        boolean stored;
        try {
            store(request, correlationId);
            stored = true;
        } catch (CommandIdConflict conflict) {
            throw new IllegalArgumentException(conflict.getMessage());
        } catch (RuntimeException e) {
            // Without the database the request still goes out, only without the re-publication safety net.
            LOG.warnf("command %s not recorded before publishing: %s", request.commandId(), e.getMessage());
            stored = false;
        }
        if (stored) {
            publishWithoutWaiting(request, correlationId);
        } else {
            publish(request, correlationId);
        }
    }

    /** The client reused a commandId for another device, command or user: refused, the first command stands. */
    static class CommandIdConflict extends Exception {
        CommandIdConflict(String commandId) {
            super("commandId " + commandId + " is already used by another command; use a new id");
        }
    }

    /** The same request again (a retry by the client) is stored once; another one under its commandId is refused. */
    private void store(CommandRequested request, String correlationId) throws CommandIdConflict {
        Instant at = request.requestedAt();
        try {
            Document doc = new Document("_id", request.commandId()).append("deviceId", request.deviceId())
                    .append("command", request.command().wireName()).append("status", "queued").append("requestedBy", request.requestedBy())
                    .append("createdAt", Date.from(at)).append("updatedAt", Date.from(at)).append("revision", 0L)
                    .append("request", Document.parse(codec.encode(request))).append("correlationId", correlationId)
                    .append("retryAt", Date.from(at.plus(RETRY_AFTER)));
            pending.insertOne(doc);
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Document existing = pending.find(eq("_id", request.commandId())).first();
            boolean same = existing != null && request.deviceId().equals(existing.getString("deviceId"))
                    && request.command().wireName().equals(existing.getString("command"))
                    && request.requestedBy().equals(existing.getString("requestedBy"));
            if (!same) {
                throw new CommandIdConflict(request.commandId());
            }
        }
    }

    private void publish(CommandRequested request, String correlationId) {
        bus.publish(Topics.COMMAND_REQUESTED, BusTypes.COMMAND_REQUESTED, request.deviceId(), Optional.of(request.requestedBy()),
                correlationId, request);
    }

    private void publishWithoutWaiting(CommandRequested request, String correlationId) {
        bus.publishAsync(Topics.COMMAND_REQUESTED, BusTypes.COMMAND_REQUESTED, request.deviceId(), Optional.of(request.requestedBy()),
                correlationId, request).whenComplete((sent, failure) -> {
                    if (failure != null) {
                        metrics.counter("doorlock_command_requests_publish_failed_total").increment();
                        LOG.warnf("command %s is stored but its request was not published (%s); it is published again within %s",
                                request.commandId(), failure.getMessage(), RETRY_AFTER);
                    }
                });
    }

    void retryQuietly() {
        try {
            for (Unconfirmed u : claimUnconfirmed(Instant.now(), 200)) {
                LOG.infof("command %s not confirmed by command-service yet; publishing the request again", u.request().commandId());
                metrics.counter("doorlock_command_requests_republished_total").increment();
                publish(u.request(), u.correlationId());
            }
        } catch (RuntimeException e) {
            LOG.warnf("re-publishing unconfirmed command requests failed (retried next second): %s", e.getMessage());
        }
    }

    /** A request command-service has not confirmed, claimed for one re-publication by this replica. */
    private record Unconfirmed(CommandRequested request, String correlationId) {}

    /**
     * Requests still at revision 0 whose retry time has come and that are not given up yet, each claimed (retryAt
     * moved forward) so that one replica re-publishes it.
     */
    private List<Unconfirmed> claimUnconfirmed(Instant now, int limit) {
        List<Unconfirmed> claimed = new ArrayList<>();
        Bson due = and(eq("revision", 0L), lte("retryAt", Date.from(now)), gt("createdAt", Date.from(now.minus(GIVE_UP_AFTER))));
        for (Document d : pending.find(due).limit(limit)) {
            Document request = d.get("request", Document.class);
            if (request == null) {
                continue;
            }
            boolean won = pending.updateOne(and(eq("_id", d.getString("_id")), eq("revision", 0L), eq("retryAt", d.getDate("retryAt"))),
                    Updates.set("retryAt", Date.from(now.plus(RETRY_AFTER)))).getModifiedCount() == 1;
            if (won) {
                claimed.add(new Unconfirmed(codec.decode(request.toJson(), CommandRequested.class), d.getString("correlationId")));
            }
        }
        return claimed;
    }
}
