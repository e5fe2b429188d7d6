package io.doorlock.commandservice.command;

import static com.mongodb.client.model.Updates.set;

import io.doorlock.common.bus.CommandDelivery;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.device.CommandAck;
import io.doorlock.common.validation.MessageValidator;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * The life of a command: created {@code queued}, then {@code sent} when a gateway wrote it to the device, then
 * whatever the device acks. Each step is an atomic conditional update; a step that does not apply (duplicate, late,
 * foreign) changes nothing and is counted, never thrown.
 */
@ApplicationScoped
public class CommandLifecycle {

    private static final Logger LOG = Logger.getLogger(CommandLifecycle.class);

    private final CommandRepository repository;
    private final CommandNotifier notifier;
    private static final com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>> MAP = new com.fasterxml.jackson.core.type.TypeReference<>() {};

    private final MessageValidator validator;
    private final io.doorlock.common.json.JsonCodec codec;
    private final CommandDeadlines deadlines;
    private final MeterRegistry metrics;
    private final Clock clock;

    public CommandLifecycle(CommandRepository repository, CommandNotifier notifier, MessageValidator validator,
            io.doorlock.common.json.JsonCodec codec, CommandConfig config, MeterRegistry metrics) {
        this.codec = codec;
        this.repository = repository;
        this.notifier = notifier;
        this.validator = validator;
        this.deadlines = new CommandDeadlines(config);
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
    }

    /** A request arrived on the bus: persist it once, announce {@code queued}, ask the gateways to deliver it. */
    public void onRequested(CommandRequested request, String correlationId) {
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
        doc.expiresAt = deadlines.expiresAt(request.command(), now, request.expiresInSeconds());
        doc.revision = 1;
        CommandDocument.Transition created = new CommandDocument.Transition();
        created.status = CommandState.QUEUED.wireName();
        created.at = now;
        doc.history.add(created);

        Optional<CommandDocument> inserted = repository.create(doc);
        if (inserted.isEmpty()) {
            boolean same = repository.findByIdOptional(request.commandId())
                    .map(existing -> existing.deviceId.equals(request.deviceId()) && existing.requestedBy.equals(request.requestedBy()))
                    .orElse(false);
            if (same) {
                LOG.debugf("command %s already exists; duplicate request ignored", request.commandId());
            } else {
                LOG.warnf("command id %s reused for another device or user; the second request is ignored", request.commandId());
            }
            metrics.counter("doorlock_commands_duplicate_requests_total", "kind", same ? "same" : "conflicting").increment();
            return;
        }
        metrics.counter("doorlock_commands_created_total", "command", doc.command).increment();
        notifier.statusChanged(doc);
        dispatch(doc, 1);
    }

    /** A gateway wrote the command to the device: {@code queued -> sent}. */
    public void onDelivered(CommandDelivery delivery) {
        Instant now = clock.instant();
        List<Bson> extra = new ArrayList<>();
        extra.add(set("sentAt", now));
        extra.add(set("transport", delivery.transport().name().toLowerCase(java.util.Locale.ROOT)));
        extra.add(set("attempts", delivery.attempt()));
        repository.transition(delivery.commandId(), delivery.deviceId(), EnumSet.of(CommandState.QUEUED), CommandState.SENT,
                        now, Optional.of("via " + delivery.transport().name().toLowerCase(java.util.Locale.ROOT)), extra)
                .ifPresentOrElse(notifier::statusChanged,
                        () -> ignored("delivery", delivery.commandId(), delivery.deviceId()));
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
                    }
                }, () -> ignored("ack " + ack.status().name().toLowerCase(java.util.Locale.ROOT), ack.commandId(), deviceId));
    }

    private void dispatch(CommandDocument doc, int attempt) {
        CommandType type = CommandType.fromWireName(doc.command).orElseThrow();
        notifier.dispatch(doc, type, attempt);
    }

    private void ignored(String what, String commandId, String deviceId) {
        Optional<CommandDocument> existing = repository.findByIdOptional(commandId);
        String reason = existing.isEmpty() ? "unknown"
                : !existing.get().deviceId.equals(deviceId) ? "foreign"
                : "not_applicable";
        LOG.infof("%s for command %s from device %s changed nothing (%s, state %s)", what, commandId, deviceId, reason,
                existing.map(d -> d.status).orElse("-"));
        metrics.counter("doorlock_command_steps_ignored_total", "reason", reason).increment();
    }
}
