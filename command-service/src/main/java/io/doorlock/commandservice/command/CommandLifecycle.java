package io.doorlock.commandservice.command;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.commandservice.command.CommandOutcome.Announce;
import io.doorlock.commandservice.command.CommandOutcome.Create;
import io.doorlock.commandservice.command.CommandOutcome.Ignore;
import io.doorlock.commandservice.command.CommandOutcome.Write;
import io.doorlock.commandservice.command.CommandStep.Ack;
import io.doorlock.commandservice.command.CommandStep.Cancel;
import io.doorlock.commandservice.command.CommandStep.Delivery;
import io.doorlock.commandservice.command.CommandStep.Dispatch;
import io.doorlock.commandservice.command.CommandStep.Request;
import io.doorlock.commandservice.signing.CommandSigner;
import io.doorlock.common.bus.CommandCancelRequested;
import io.doorlock.common.bus.CommandDelivery;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.device.CommandAck;
import io.doorlock.common.json.JsonCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.jboss.logging.Logger;
import io.doorlock.commandservice.CommandConfig;

/**
 * The life of a command, step by step: read the command, let {@link CommandRules} decide, have
 * {@link CommandRepository#apply} write the outcome as one conditional update, then publish and count what changed.
 * A step that does not apply (duplicate, late, foreign) changes nothing and is counted, never thrown.
 */
@ApplicationScoped
public class CommandLifecycle {

    private static final Logger LOG = Logger.getLogger(CommandLifecycle.class);
    private static final int DRAIN_LIMIT = 1000;
    /**
     * Reads of the command for one step from the bus. A write that lost a race is decided again on what won; states
     * only move forward, so the second read settles it.
     */
    private static final int ROUNDS = 3;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final CommandRepository repository;
    private final CommandRules rules;
    private final RequestAdmission admission;
    private final CommandNotifier notifier;
    private final CommandMetrics metrics;
    private final DeviceLinks links;
    private final CommandSigner signer;
    private final JsonCodec codec;
    private final Clock clock;

    public CommandLifecycle(CommandRepository repository, CommandConfig config, RequestAdmission admission, CommandNotifier notifier,
            CommandMetrics metrics, DeviceLinks links, CommandSigner signer, JsonCodec codec, Clock clock) {
        this.repository = repository;
        this.rules = new CommandRules(config);
        this.admission = admission;
        this.notifier = notifier;
        this.metrics = metrics;
        this.links = links;
        this.signer = signer;
        this.codec = codec;
        this.clock = clock;
    }

    /** A request arrived on the bus: persist it once, announce {@code queued}, dispatch it. */
    public void onRequested(CommandRequested request, String correlationId) {
        Optional<JsonNode> payload = admission.admit(request);
        if (payload.isEmpty()) {
            return;
        }
        // The one read of the device links per request: whether to dispatch now, and to which replica.
        DeviceLink link = links.find(request.deviceId());
        Request step = new Request(request, link.offline(), clock.instant());
        if (!(rules.apply(Optional.empty(), step) instanceof Create create)) {
            return;
        }
        Document stored = new Document(codec.mapper().convertValue(payload.get(), MAP));
        CommandDocument doc = CommandDocument.queued(request, stored, correlationId, create);
        doc.authorization = CommandDocument.Authorization.of(signer.authorize(doc.deviceId, doc.id, doc.command, payload.get(),
                create.createdAt(), doc.expiresAt));
        if (repository.create(doc).isEmpty()) {
            onRepeated(step, link);
            return;
        }
        metrics.created(doc);
        notifier.statusChanged(doc);
        // Asked again after the insert: a device_connected handled meanwhile either sees this command in its drain,
        // or has already recorded the device online for this check.
        if (!create.dispatchNow()) {
            link = links.find(doc.deviceId);
            if (link.offline()) {
                LOG.debugf("command %s stays queued: %s is offline", doc.id, doc.deviceId);
                return;
            }
        }
        dispatch(doc, DispatchRoute.of(link));
    }

    /** The same command id again: a retry is announced again (and dispatched if it never was); anything else is ignored. */
    private void onRepeated(Request step, DeviceLink link) {
        CommandDocument existing = repository.findByIdOptional(step.request().commandId()).orElseThrow();
        CommandOutcome outcome = rules.apply(Optional.of(CommandSnapshot.of(existing)), step);
        if (outcome instanceof Announce announce) {
            metrics.duplicateRequest("same");
            LOG.debugf("command %s already exists (%s); announced again", existing.id, existing.status);
            notifier.statusChanged(existing);
            if (announce.thenDispatch()) {
                dispatch(existing, DispatchRoute.of(link));
            }
            return;
        }
        metrics.duplicateRequest("conflicting");
        LOG.warnf("command id %s reused for another device, user or command; the second request is ignored", existing.id);
    }

    /** Claims and publishes the next dispatch of a queued command; false when it may not be or was taken elsewhere. */
    private boolean dispatch(CommandDocument doc, DispatchRoute route) {
        return decide(doc, new Dispatch(clock.instant()), route);
    }

    /**
     * The device came online: its queued commands are dispatched, oldest first, to the replica that now holds its
     * socket ({@code gatewayId}, already validated) if the event named one. Commands past their deadline are not,
     * and the sweeper marks them expired.
     */
    public void onDeviceOnline(String deviceId, Optional<String> gatewayId, Instant at) {
        links.record(deviceId, true, gatewayId, at);
        DispatchRoute route = DispatchRoute.of(new DeviceLink(false, gatewayId));
        int sent = 0;
        // More than DRAIN_LIMIT queued commands: the rest are due (nextAttemptAt) and the sweeper sends them.
        for (CommandDocument doc : repository.queuedFor(deviceId, DRAIN_LIMIT)) {
            if (dispatch(doc, route)) {
                sent++;
            }
        }
        if (sent > 0) {
            LOG.infof("%s is online: %d queued command(s) dispatched", deviceId, sent);
        }
    }

    public void onDeviceOffline(String deviceId, Instant at) {
        links.record(deviceId, false, Optional.empty(), at);
    }

    /** A gateway wrote the command to the device. */
    public void onDelivered(CommandDelivery delivery) {
        onBusStep(delivery.commandId(), delivery.deviceId(), "delivery", new Delivery(delivery.deviceId(), delivery.transport(), clock.instant()));
    }

    /** The device acknowledged a command. Only the target device's acks count. */
    public void onAck(String deviceId, CommandAck ack) {
        onBusStep(ack.commandId(), deviceId, "ack", new Ack(deviceId, ack.status(), ack.errorMessage(), clock.instant()));
    }

    /** A user cancels a queued command; a command that cannot be cancelled has its state announced again. */
    public void onCancel(CommandCancelRequested cancel) {
        onBusStep(cancel.commandId(), cancel.deviceId(), "cancel", new Cancel(cancel.deviceId(), cancel.requestedBy(), clock.instant()));
    }

    /**
     * Decides a step on a command already read (by the sweeper's query, at its creation, in a drain) and writes the
     * outcome; true when a write won. A dispatch it claims is published on {@code route}.
     */
    boolean decide(CommandDocument doc, CommandStep step, DispatchRoute route) {
        if (!(rules.apply(Optional.of(CommandSnapshot.of(doc)), step) instanceof Write write)) {
            return false;
        }
        Optional<CommandDocument> after = write(step, write, route);
        write.state().filter(to -> after.isPresent()).ifPresent(to -> LOG.infof("command %s of %s: %s -> %s (%s)", doc.id, doc.deviceId,
                doc.status, to.wireName(), write.note().orElse("")));
        return after.isPresent();
    }

    /**
     * A step from the bus about one command: read it, decide, write. A write that lost a race is decided again on a
     * fresh read, so the step is judged against what won.
     */
    private void onBusStep(String commandId, String deviceId, String name, CommandStep step) {
        for (int round = 0; round < ROUNDS; round++) {
            Optional<CommandDocument> stored = repository.findByIdOptional(commandId);
            CommandOutcome outcome = rules.apply(stored.map(CommandSnapshot::of), step);
            if (outcome instanceof Write write) {
                // A step from the bus never claims a dispatch; the shared route is only a formality here.
                Optional<CommandDocument> after = write(step, write, DispatchRoute.SHARED);
                if (after.isPresent()) {
                    write.ignored().ifPresent(reason -> ignored(name, commandId, deviceId, reason, after));
                    return;
                }
            } else if (outcome instanceof Announce) {
                CommandDocument doc = stored.orElseThrow();
                LOG.infof("%s of %s refused: it is %s", name, doc.id, doc.status);
                notifier.statusChanged(doc);
                return;
            } else if (outcome instanceof Ignore ignore) {
                ignored(name, commandId, deviceId, ignore.reason(), stored);
                return;
            }
        }
        LOG.warnf("%s for command %s lost %d races in a row; it is left to the sweeper", name, commandId, ROUNDS);
    }

    /** Writes an outcome; once it won, counts and publishes what it changed (a claimed dispatch on {@code route}). */
    private Optional<CommandDocument> write(CommandStep step, Write write, DispatchRoute route) {
        Optional<CommandDocument> after = repository.apply(write);
        after.ifPresent(doc -> {
            if (write.state().filter(CommandState::isTerminal).isPresent()) {
                metrics.completed(doc);
                if (step instanceof Ack) {
                    metrics.latency(doc, step.now());
                }
            }
            if (write.publishStatus()) {
                notifier.statusChanged(doc);
            }
            if (write.publishDispatch()) {
                if (doc.attempts > 1) {
                    metrics.redispatched(doc);
                }
                notifier.dispatch(doc, CommandType.fromWireName(doc.command).orElseThrow(), doc.attempts, route);
            }
        });
        return after;
    }

    /** A step that changed no state, logged and counted in {@code doorlock_command_steps_ignored_total{step, reason}}. */
    private void ignored(String step, String commandId, String deviceId, String reason, Optional<CommandDocument> stored) {
        LOG.infof("%s for command %s from device %s changed nothing (%s, state %s)", step, commandId, deviceId, reason,
                stored.map(d -> d.status).orElse("-"));
        metrics.ignored(step, reason);
    }
}
