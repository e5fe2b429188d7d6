package io.doorlock.commandservice.command;

import io.doorlock.base.bus.BusPublisher;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandDispatch;
import io.doorlock.common.bus.CommandStatusChanged;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.time.Instant;

/** Publishes what command-service decided: status changes for dashboards and audit, dispatches for gateways. */
@ApplicationScoped
public class CommandNotifier {

    private final BusPublisher bus;
    private final JsonCodec codec;

    public CommandNotifier(BusPublisher bus, JsonCodec codec) {
        this.bus = bus;
        this.codec = codec;
    }

    public void statusChanged(CommandDocument doc) {
        CommandStatusChanged change = new CommandStatusChanged(doc.id, doc.deviceId, CommandType.fromWireName(doc.command).orElseThrow(),
                doc.state(), Optional.ofNullable(doc.errorMessage), lastTransitionAt(doc), doc.revision, doc.requestedBy);
        bus.publish(Topics.COMMAND_STATUS, BusTypes.COMMAND_STATUS, doc.deviceId, Optional.ofNullable(doc.requestedBy),
                doc.correlationId, change);
    }

    /** Publishes a claimed dispatch on {@code route}: the replica holding the device's socket, or the shared topic. */
    public void dispatch(CommandDocument doc, CommandType type, int attempt, DispatchRoute route) {
        CommandDispatch dispatch = new CommandDispatch(doc.id, doc.deviceId, type, codec.mapper().valueToTree(doc.payload),
                attempt, doc.expiresAt, Optional.ofNullable(doc.authorization).map(CommandDocument.Authorization::toRecord));
        bus.publish(route.topic(), BusTypes.COMMAND_DISPATCH, doc.deviceId, Optional.ofNullable(doc.requestedBy),
                doc.correlationId, dispatch);
    }

    private static Instant lastTransitionAt(CommandDocument doc) {
        return doc.history.isEmpty() ? doc.createdAt : doc.history.get(doc.history.size() - 1).at;
    }
}
