package io.doorlock.commandservice.command;

import static com.mongodb.client.model.Updates.set;

import io.doorlock.common.bus.CommandDelivery;
import io.doorlock.common.bus.CommandCancelRequested;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.device.CommandAck;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.commandservice.signing.CommandSigner;
import io.doorlock.common.validation.MessageValidator;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;
import com.fasterxml.jackson.core.type.TypeReference;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The life of a command: created {@code queued}, then {@code sent} when a gateway wrote it to the device, then
 * whatever the device acks. Each step is an atomic conditional update; a step that does not apply (duplicate, late,
 * foreign) changes nothing and is counted, never thrown.
 */
@ApplicationScoped
public class CommandLifecycle {

    private static final Logger LOG = Logger.getLogger(CommandLifecycle.class);
    private static final int DRAIN_LIMIT = 1000;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final CommandRepository repository;
    private final CommandNotifier notifier;
    private final MessageValidator validator;
    private final JsonCodec codec;
    private final CommandDeadlines deadlines;
    private final DispatchInFlight inFlight;
    private final DeviceLinks links;
    private final CommandConfig config;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final CommandSigner signer;

    public CommandLifecycle(CommandRepository repository, CommandNotifier notifier, MessageValidator validator,
            JsonCodec codec, CommandConfig config, DeviceLinks links, MeterRegistry metrics, Clock clock, CommandSigner signer) {
        this.repository = repository;
        this.notifier = notifier;
        this.validator = validator;
        this.codec = codec;
        this.deadlines = new CommandDeadlines(config);
        this.inFlight = new DispatchInFlight(config.ackTimeout());
        this.links = links;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.signer = signer;
    }

    /** A request arrived on the bus: persist it once, announce {@code queued}, ask the gateways to deliver it. */
    public void onRequested(CommandRequested request, String correlationId) {
        if (!request.permits()) {
            // dashboard-gateway signed the request; it must also say it verified what the command needs.
            LOG.warnf("command %s rejected: the request does not say %s holds %s on %s", request.commandId(), request.requestedBy(),
                    request.command().requiredPermission(), request.deviceId());
            metrics.counter("doorlock_commands_rejected_total", "reason", "not_permitted").increment();
            return;
        }
        var payload = validator.validateCommandPayload(request.command(), Optional.ofNullable(request.payload()));
        if (payload.error().isPresent()) {
            LOG.warnf("command %s rejected, invalid payload: %s", request.commandId(), payload.error().get().message());
            metrics.counter("doorlock_commands_rejected_total", "reason", "invalid_payload").increment();
            return;
        }
        Instant now = clock.instant();
        CommandDocument doc = new CommandDocument();
        doc.id = request.commandId();
        doc.deviceId = request.deviceId();
        doc.command = request.command().wireName();
        doc.payload = new Document(codec.mapper().convertValue(codec.toTree(payload.value().orElseThrow()), MAP));
        doc.status = CommandState.QUEUED.wireName();
        doc.requestedBy = request.requestedBy();
        doc.correlationId = correlationId;
        doc.createdAt = now;
        // The deadline counts from the user's request, not from when it got here: a request re-published after a
        // crash must not give an unlock a fresh 30 s. (A requestedAt in the future is not believed.)
        Instant requestedAt = request.requestedAt() == null || request.requestedAt().isAfter(now) ? now : request.requestedAt();
        doc.requestedAt = requestedAt;
        doc.expiresAt = deadlines.expiresAt(request.command(), requestedAt, request.expiresInSeconds());
        doc.authorization = CommandDocument.Authorization.of(signer.authorize(doc.deviceId, doc.id, doc.command,
                codec.toTree(payload.value().orElseThrow()), now, doc.expiresAt));
        doc.revision = 1;
        boolean offline = links.knownOffline(doc.deviceId);
        // Due at once: if this replica dies before dispatching, the next sweep of any replica dispatches it.
        doc.nextAttemptAt = offline ? now.plus(config.offlineRetry()) : now;
        CommandDocument.Transition created = new CommandDocument.Transition();
        created.status = CommandState.QUEUED.wireName();
        created.at = now;
        doc.history.add(created);

        Optional<CommandDocument> inserted = repository.create(doc);
        if (inserted.isEmpty()) {
            onDuplicate(request);
            return;
        }
        metrics.counter("doorlock_commands_created_total", "command", doc.command).increment();
        notifier.statusChanged(doc);
        // Asked again after the insert: a device_connected handled meanwhile either sees this command in its drain,
        // or has already recorded the device online for this check.
        if (offline && links.knownOffline(doc.deviceId)) {
            LOG.debugf("command %s stays queued: %s is offline", doc.id, doc.deviceId);
            return;
        }
        dispatchNext(doc, EnumSet.of(CommandState.QUEUED), now.plus(config.ackTimeout()));
    }

    /**
     * The same commandId again. From the same requester for the same device and command it is a retry (dashboard-
     * gateway re-publishes unconfirmed requests): the current state is announced again, and a queued command never
     * dispatched is dispatched. Anything else reusing the id is refused.
     */
    private void onDuplicate(CommandRequested request) {
        Optional<CommandDocument> existing = repository.findByIdOptional(request.commandId());
        boolean same = existing.map(e -> e.deviceId.equals(request.deviceId()) && e.requestedBy.equals(request.requestedBy())
                && e.command.equals(request.command().wireName())).orElse(false);
        metrics.counter("doorlock_commands_duplicate_requests_total", "kind", same ? "same" : "conflicting").increment();
        if (!same) {
            LOG.warnf("command id %s reused for another device, user or command; the second request is ignored", request.commandId());
            return;
        }
        CommandDocument doc = existing.get();
        LOG.debugf("command %s already exists (%s); announced again", doc.id, doc.status);
        notifier.statusChanged(doc);
        if (CommandState.QUEUED.wireName().equals(doc.status) && doc.attempts == 0) {
            dispatchNext(doc, EnumSet.of(CommandState.QUEUED), clock.instant().plus(config.ackTimeout()));
        }
    }

    /**
     * Claims the command's next attempt and publishes it; false when another replica had it, its deliveries are used
     * up or its deadline has passed.
     */
    boolean dispatchNext(CommandDocument doc, Set<CommandState> states, Instant nextAttemptAt) {
        Optional<CommandDocument> claimed = repository.claimDispatch(doc.id, doc.attempts, states, config.maxAttempts(), clock.instant(),
                nextAttemptAt);
        claimed.ifPresent(c -> {
            notifier.dispatch(c, CommandType.fromWireName(c.command).orElseThrow(), c.attempts);
            if (c.attempts > 1) {
                metrics.counter("doorlock_commands_redispatched_total", "status", c.status).increment();
            }
        });
        return claimed.isPresent();
    }

    /**
     * The device came online: its queued commands are dispatched, oldest first. Commands past their deadline are
     * not (the claim refuses them), and the sweeper marks them expired.
     */
    public void onDeviceOnline(String deviceId, Instant at) {
        links.record(deviceId, true, at);
        int sent = 0;
        // More than DRAIN_LIMIT queued commands: the rest are due (nextAttemptAt) and the sweeper sends them.
        for (CommandDocument doc : repository.queuedFor(deviceId, DRAIN_LIMIT)) {
            if (dispatchNext(doc, EnumSet.of(CommandState.QUEUED), clock.instant().plus(config.ackTimeout()))) {
                sent++;
            }
        }
        if (sent > 0) {
            LOG.infof("%s is online: %d queued command(s) dispatched", deviceId, sent);
        }
    }

    public void onDeviceOffline(String deviceId, Instant at) {
        links.record(deviceId, false, at);
    }

    /**
     * {@code queued -> cancelled}, unless a dispatch was published less than an ack timeout ago (it may be reaching
     * the device). A command that cannot be cancelled keeps its state, which is announced again.
     */
    public void onCancel(CommandCancelRequested cancel) {
        Instant now = clock.instant();
        // Not while a dispatch may be on its way to the device: the door could open while the history says cancelled.
        Optional<CommandDocument> cancelled = repository.transition(cancel.commandId(), cancel.deviceId(), EnumSet.of(CommandState.QUEUED),
                CommandState.CANCELLED, now, Optional.of("cancelled by " + cancel.requestedBy()), List.of(set("completedAt", now)),
                Optional.of(inFlight.noneAt(now)));
        if (cancelled.isPresent()) {
            notifier.statusChanged(cancelled.get());
            metrics.counter("doorlock_commands_completed_total", "command", cancelled.get().command, "status", "cancelled").increment();
            return;
        }
        repository.findByIdOptional(cancel.commandId()).filter(doc -> doc.deviceId.equals(cancel.deviceId())).ifPresentOrElse(doc -> {
            LOG.infof("cancel of %s refused: it is %s", doc.id, doc.status);
            notifier.statusChanged(doc);
        }, () -> ignored("cancel", cancel.commandId(), cancel.deviceId(), Optional.empty()));
    }

    /** A transition decided by a timer (expiry, ack or execution timeout). */
    void timedTransition(CommandDocument doc, CommandState from, CommandState to, String note) {
        Instant now = clock.instant();
        repository.transition(doc.id, doc.deviceId, EnumSet.of(from), to, now, Optional.of(note), List.of(set("completedAt", now)))
                .ifPresent(changed -> {
                    LOG.infof("command %s of %s: %s -> %s (%s)", changed.id, changed.deviceId, from.wireName(), to.wireName(), note);
                    notifier.statusChanged(changed);
                    metrics.counter("doorlock_commands_completed_total", "command", changed.command, "status", to.wireName()).increment();
                });
    }

    /** A gateway wrote the command to the device: {@code queued -> sent}. */
    public void onDelivered(CommandDelivery delivery) {
        Instant now = clock.instant();
        repository.countDelivery(delivery.commandId(), delivery.deviceId());
        List<Bson> extra = new ArrayList<>();
        extra.add(set("sentAt", now));
        extra.add(set("transport", delivery.transport().name().toLowerCase(Locale.ROOT)));
        repository.transition(delivery.commandId(), delivery.deviceId(), EnumSet.of(CommandState.QUEUED), CommandState.SENT,
                        now, Optional.of("via " + delivery.transport().name().toLowerCase(Locale.ROOT)), extra)
                .ifPresentOrElse(notifier::statusChanged,
                        () -> ignored("delivery", delivery.commandId(), delivery.deviceId(), Optional.empty()));
    }

    /** The device acknowledged a command. Only the target device's acks count. */
    public void onAck(String deviceId, CommandAck ack) {
        Instant now = clock.instant();
        AckTransition transition = AckTransition.of(ack.status());
        List<Bson> extra = new ArrayList<>();
        extra.add(set(transition.to() == CommandState.RECEIVED ? "receivedAt" : "completedAt", now));
        ack.errorMessage().ifPresent(m -> extra.add(set("errorMessage", m)));
        repository.transition(ack.commandId(), deviceId, transition.from(), transition.to(), now, ack.errorMessage(), extra)
                .ifPresentOrElse(doc -> {
                    notifier.statusChanged(doc);
                    if (transition.to().isTerminal()) {
                        metrics.counter("doorlock_commands_completed_total", "command", doc.command, "status", doc.status).increment();
                        latency(doc, now);
                    }
                }, () -> ignored("ack", ack.commandId(), deviceId, Optional.of(transition.to())));
    }

    /**
     * Queued to final ack, per command type and final state: {@code doorlock_command_latency_seconds}, a histogram
     * (so p99 can be computed across replicas in Prometheus).
     */
    private void latency(CommandDocument doc, Instant at) {
        Instant from = doc.requestedAt != null ? doc.requestedAt : doc.createdAt;
        if (from == null) {
            return;
        }
        Timer.builder("doorlock_command_latency")
                .description("From the user's request to the device's final ack")
                .tags("command", doc.command, "status", doc.status)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(metrics)
                .record(Duration.between(from, at));
    }

    /**
     * A step that changed nothing, counted in {@code doorlock_command_steps_ignored_total{step, reason}}: {@code unknown}
     * command, {@code foreign} (another device's command), and for acks {@code duplicate} (the command is already in
     * the state the ack asks for), {@code late} (it already ended otherwise, e.g. timed out) or {@code out_of_order}.
     */
    private void ignored(String step, String commandId, String deviceId, Optional<CommandState> ackTarget) {
        Optional<CommandDocument> existing = repository.findByIdOptional(commandId);
        String reason = existing.isEmpty() ? "unknown"
                : !existing.get().deviceId.equals(deviceId) ? "foreign"
                : ackTarget.map(target -> ackReason(existing.get().status, target)).orElse("not_applicable");
        LOG.infof("%s for command %s from device %s changed nothing (%s, state %s)", step, commandId, deviceId, reason,
                existing.map(d -> d.status).orElse("-"));
        metrics.counter("doorlock_command_steps_ignored_total", "step", step, "reason", reason).increment();
    }

    static String ackReason(String currentStatus, CommandState target) {
        if (target.wireName().equals(currentStatus)
                || (target == CommandState.RECEIVED && (CommandState.EXECUTED.wireName().equals(currentStatus)))) {
            return "duplicate";
        }
        for (CommandState state : CommandState.values()) {
            if (state.wireName().equals(currentStatus) && state.isTerminal()) {
                return "late";
            }
        }
        return "out_of_order";
    }
}
