package io.doorlock.devicegateway.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorlock.base.bus.BusDecoder;
import io.doorlock.base.bus.BusPublisher;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandDelivery;
import io.doorlock.common.bus.CommandDispatch;
import io.doorlock.common.bus.Transport;
import io.doorlock.common.envelope.Envelope;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.devicegateway.connection.DeviceGatewayConfig;
import io.doorlock.devicegateway.connection.DeviceSession;
import io.doorlock.devicegateway.connection.DeviceSessions;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Every gateway instance receives every dispatch (a plain, non-shared subscription). The instance that holds the
 * device's WebSocket writes the command frame and reports {@code sent}; the others ignore it. A command past its
 * deadline is never written.
 */
@ApplicationScoped
public class CommandDispatchConsumer {

    private static final Logger LOG = Logger.getLogger(CommandDispatchConsumer.class);
    private static final java.time.Duration SEND_TIMEOUT = java.time.Duration.ofSeconds(2);

    private final BusDecoder decoder;
    private final BusPublisher bus;
    private final DeviceSessions sessions;
    private final InFlightCommands inFlight;
    private final JsonCodec codec;
    private final DeviceGatewayConfig config;
    private final MeterRegistry metrics;

    public CommandDispatchConsumer(BusDecoder decoder, BusPublisher bus, DeviceSessions sessions, InFlightCommands inFlight,
            JsonCodec codec, DeviceGatewayConfig config, MeterRegistry metrics) {
        this.decoder = decoder;
        this.bus = bus;
        this.sessions = sessions;
        this.inFlight = inFlight;
        this.codec = codec;
        this.config = config;
        this.metrics = metrics;
    }

    @Incoming("command-dispatch")
    @Blocking
    public void onDispatch(byte[] payload) {
        try {
            decoder.decode(payload, CommandDispatch.class).ifPresent(d -> deliver(d.data(), d.envelope().correlationId()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "delivering a command failed");
        }
    }

    void deliver(CommandDispatch dispatch, String correlationId) {
        Optional<DeviceSession> session = sessions.ofDevice(dispatch.deviceId());
        if (session.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        if (dispatch.expiresAt() != null && !now.isBefore(dispatch.expiresAt())) {
            LOG.infof("command %s for %s is past its deadline; not delivered", dispatch.commandId(), dispatch.deviceId());
            metrics.counter("doorlock_commands_not_delivered_total", "reason", "expired").increment();
            return;
        }
        ObjectNode data = dispatch.payload() != null && dispatch.payload().isObject()
                ? ((ObjectNode) dispatch.payload()).deepCopy()
                : codec.mapper().createObjectNode();
        data.put("commandId", dispatch.commandId());
        data.put("timestamp", now.toString());
        if (dispatch.expiresAt() != null) {
            data.put("expiresAt", dispatch.expiresAt().toString());
        }
        String frame = codec.encode(Envelope.of(dispatch.command().wireName(), data));
        try {
            // Bounded: a device that stops reading must not hold up deliveries to every other device.
            session.get().connection().sendText(frame).await().atMost(SEND_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("command %s not written to %s: %s", dispatch.commandId(), dispatch.deviceId(), e.getMessage());
            metrics.counter("doorlock_commands_not_delivered_total", "reason", "write_failed").increment();
            return;
        }
        inFlight.delivered(dispatch.deviceId(), dispatch.commandId(), correlationId);
        metrics.counter("doorlock_device_messages_out_total", "event", dispatch.command().wireName(), "transport", "websocket").increment();
        CommandDelivery delivery = new CommandDelivery(dispatch.commandId(), dispatch.deviceId(), Transport.WEBSOCKET,
                dispatch.attempt(), now, config.gatewayId());
        bus.publish(Topics.COMMAND_DELIVERY, BusTypes.COMMAND_DELIVERY, dispatch.deviceId(), Optional.empty(), correlationId, delivery);
    }
}
