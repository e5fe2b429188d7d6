package io.doorlock.devicegateway.command;

import io.doorlock.devicegateway.event.InFlightCommands;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorlock.base.bus.BusPublisher;
import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandDelivery;
import io.doorlock.common.bus.CommandDispatch;
import io.doorlock.common.bus.Transport;
import io.doorlock.common.envelope.Envelope;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.devicegateway.DeviceGatewayConfig;
import io.doorlock.devicegateway.session.DeviceSession;
import io.doorlock.devicegateway.session.DeviceSessions;
import io.doorlock.devicegateway.mqtt.DeviceMqttOutbox;
import io.doorlock.devicegateway.presence.Presence;
import io.doorlock.devicegateway.presence.PresenceStore;
import io.doorlock.devicegateway.presence.GatewayLiveness;
import io.doorlock.common.envelope.CloseReasons;
import io.quarkus.websockets.next.CloseReason;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * sendCommand via the best available connection: the device's WebSocket first, then its MQTT session.
 *
 * <p>A dispatch reaches one replica: the one command-service routed it to (the holder named by the device's last
 * {@code device_connected}), or, for a device whose holder command-service does not know, the one the shared
 * subscription picked. If that replica holds the device's socket (and the presence store agrees it is the current
 * one) it writes the command; if the store says another live replica holds it (the routing was stale, or the
 * dispatch was shared), the dispatch is forwarded to that replica's inbox ({@code doorlock/v1/gateways/{id}/dispatch}),
 * the way Eclipse Hono's command router hands a command to the protocol adapter instance the device is connected to.
 * A forwarded dispatch is never forwarded again. Without a socket, a device with an MQTT session gets the command on
 * {@code doorlock/v1/devices/{id}/commands}. Each successful write is reported as a {@code sent} receipt; a command
 * past its deadline is never written.
 */
@ApplicationScoped
public class CommandRouter {

    private static final Logger LOG = Logger.getLogger(CommandRouter.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

    private final DeviceSessions sessions;
    private final PresenceStore presence;
    private final DeviceMqttOutbox mqtt;
    private final BusPublisher bus;
    private final InFlightCommands inFlight;
    private final JsonCodec codec;
    private final DeviceGatewayConfig config;
    private final MeterRegistry metrics;
    private final GatewayLiveness liveness;

    public CommandRouter(DeviceSessions sessions, PresenceStore presence, DeviceMqttOutbox mqtt, BusPublisher bus,
            InFlightCommands inFlight, JsonCodec codec, DeviceGatewayConfig config, MeterRegistry metrics, GatewayLiveness liveness) {
        this.sessions = sessions;
        this.presence = presence;
        this.mqtt = mqtt;
        this.bus = bus;
        this.inFlight = inFlight;
        this.codec = codec;
        this.config = config;
        this.metrics = metrics;
        this.liveness = liveness;
    }

    /**
     * Delivers or forwards one dispatch.
     *
     * @param raw the bus message as received, forwarded unchanged to another replica
     * @param forwarded true when another replica forwarded it here: it is never forwarded again
     */
    public void route(CommandDispatch dispatch, String correlationId, byte[] raw, boolean forwarded) {
        Instant now = Instant.now();
        if (dispatch.expiresAt() != null && !now.isBefore(dispatch.expiresAt())) {
            LOG.infof("command %s for %s is past its deadline; not delivered", dispatch.commandId(), dispatch.deviceId());
            notDelivered("expired");
            return;
        }
        String frame = frame(dispatch, now);
        Optional<DeviceSession> local = sessions.ofDevice(dispatch.deviceId());
        Lookup known = lookup(dispatch.deviceId());
        Optional<Presence.SocketLink> stored = known.presence().flatMap(Presence::socket);
        if (local.isPresent() && known.readable() && stored.isPresent()
                && !stored.get().connectionId().equals(local.get().connection().id())) {
            // The device connected again elsewhere; this socket is a leftover (half-open, or its close is in flight).
            LOG.infof("socket %s of %s was replaced on gateway %s; closing it", local.get().connection().id(), dispatch.deviceId(),
                    stored.get().gatewayId());
            local.get().connection().close(new CloseReason(CloseReasons.REPLACED, "replaced by a newer connection"))
                    .subscribe().with(v -> { }, e -> { });
            local = Optional.empty();
        }
        // Before the write: the device's ack may be handled (on the acks channel) before this thread goes on.
        inFlight.sending(dispatch.deviceId(), dispatch.commandId(), correlationId);
        if (local.isPresent() && writeToSocket(local.get(), dispatch, frame)) {
            delivered(dispatch, correlationId, Transport.WEBSOCKET, now);
            return;
        }
        Optional<String> holder = stored.map(Presence.SocketLink::gatewayId);
        if (local.isEmpty() && !forwarded && holder.isPresent() && !holder.get().equals(config.gatewayId())) {
            if (liveness.isAlive(holder.get(), now)) {
                forward(holder.get(), dispatch, raw);
                return;
            }
            LOG.infof("gateway %s holding the socket of %s is not alive; not forwarding", holder.get(), dispatch.deviceId());
            metrics.counter("doorlock_commands_forward_skipped_total", "reason", "gateway_dead").increment();
        }
        if (known.presence().flatMap(Presence::mqtt).isPresent()) {
            try {
                mqtt.sendCommand(dispatch.deviceId(), frame);
                delivered(dispatch, correlationId, Transport.MQTT, now);
            } catch (BusUnavailableException e) {
                LOG.warnf("command %s not published to %s over MQTT: %s", dispatch.commandId(), dispatch.deviceId(), e.getMessage());
                notDelivered("write_failed");
            }
            return;
        }
        LOG.debugf("command %s: %s has no reachable connection; command-service keeps it queued", dispatch.commandId(), dispatch.deviceId());
        notDelivered("offline");
    }

    /** The stored presence, and whether the database could be read at all. */
    private record Lookup(Optional<Presence> presence, boolean readable) {}

    private Lookup lookup(String deviceId) {
        try {
            return new Lookup(presence.find(deviceId), true);
        } catch (RuntimeException e) {
            LOG.warnf("presence of %s not readable: %s", deviceId, e.getMessage());
            return new Lookup(Optional.empty(), false);
        }
    }

    private boolean writeToSocket(DeviceSession session, CommandDispatch dispatch, String frame) {
        try {
            // Bounded: a device that stops reading must not hold up deliveries to every other device.
            session.connection().sendText(frame).await().atMost(SEND_TIMEOUT);
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("command %s not written to the socket of %s: %s", dispatch.commandId(), dispatch.deviceId(), e.getMessage());
            notDelivered("write_failed");
            return false;
        }
    }

    private void forward(String gatewayId, CommandDispatch dispatch, byte[] raw) {
        try {
            bus.publishRaw(Topics.gatewayInbox(gatewayId), raw, false);
            metrics.counter("doorlock_commands_forwarded_total").increment();
            LOG.debugf("command %s forwarded to gateway %s, which holds the socket of %s", dispatch.commandId(), gatewayId, dispatch.deviceId());
        } catch (RuntimeException e) {
            LOG.warnf("command %s not forwarded to gateway %s: %s", dispatch.commandId(), gatewayId, e.getMessage());
            notDelivered("forward_failed");
        }
    }

    private String frame(CommandDispatch dispatch, Instant now) {
        ObjectNode data = dispatch.payload() != null && dispatch.payload().isObject()
                ? ((ObjectNode) dispatch.payload()).deepCopy()
                : codec.mapper().createObjectNode();
        data.put("commandId", dispatch.commandId());
        data.put("timestamp", now.toString());
        if (dispatch.expiresAt() != null) {
            data.put("expiresAt", dispatch.expiresAt().toString());
        }
        // The platform's signature, unchanged: the device checks it and acts on what it signs (device-protocol.md).
        dispatch.authorization().ifPresent(auth -> data.set("auth", codec.toTree(auth)));
        return codec.encode(Envelope.of(dispatch.command().wireName(), data));
    }

    private void delivered(CommandDispatch dispatch, String correlationId, Transport transport, Instant at) {
        metrics.counter("doorlock_device_messages_out_total", "event", dispatch.command().wireName(), "transport", transport.name().toLowerCase()).increment();
        CommandDelivery delivery = new CommandDelivery(dispatch.commandId(), dispatch.deviceId(), transport, dispatch.attempt(), at, config.gatewayId());
        try {
            bus.publish(Topics.COMMAND_DELIVERY, BusTypes.COMMAND_DELIVERY, dispatch.deviceId(), Optional.empty(), correlationId, delivery);
        } catch (BusUnavailableException e) {
            // The device has the command; its ack moves the command on even without this receipt.
            LOG.warnf("sent receipt of %s not published: %s", dispatch.commandId(), e.getMessage());
        }
    }

    private void notDelivered(String reason) {
        metrics.counter("doorlock_commands_not_delivered_total", "reason", reason).increment();
    }
}
