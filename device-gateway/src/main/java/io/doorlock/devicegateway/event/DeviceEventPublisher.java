package io.doorlock.devicegateway.event;

import io.doorlock.base.bus.BusPublisher;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.ConnectionMetadata;
import io.doorlock.common.bus.DeviceEventReceived;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.devicegateway.credentials.DeviceIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import io.doorlock.common.device.CommandAck;

/**
 * Publishes validated device events on the bus, one topic per event name. The payload is the re-serialised record,
 * never the raw frame. Acks carry the correlation id of the command they acknowledge when this instance knows it.
 */
@ApplicationScoped
public class DeviceEventPublisher {

    private final BusPublisher bus;
    private final JsonCodec codec;
    private final InFlightCommands inFlight;
    private final MeterRegistry metrics;

    public DeviceEventPublisher(BusPublisher bus, JsonCodec codec, InFlightCommands inFlight, MeterRegistry metrics) {
        this.bus = bus;
        this.codec = codec;
        this.inFlight = inFlight;
        this.metrics = metrics;
    }

    public void publish(DeviceIdentity device, String event, Object validated, ConnectionMetadata metadata) {
        publish(device, event, validated, metadata, Optional.empty());
    }

    /**
     * @param requestId the frame's {@code id}, when the device gave one: the bus message id is derived from it (and
     *        from the device and event), so a device that sends the same event again after {@code UNAVAILABLE} or a
     *        lost connection has it stored once in the audit trail
     */
    public void publish(DeviceIdentity device, String event, Object validated, ConnectionMetadata metadata, Optional<String> requestId) {
        String correlationId = validated instanceof CommandAck ack
                ? inFlight.correlationOf(device.deviceId(), ack.commandId()).orElse(ack.commandId())
                : UUID.randomUUID().toString();
        DeviceEventReceived received = new DeviceEventReceived(device.deviceId(), device.ownerId(), event,
                codec.toTree(validated), Instant.now(), metadata);
        String messageId = requestId.map(id -> messageId(device.deviceId(), event, id)).orElseGet(() -> UUID.randomUUID().toString());
        bus.publish(Topics.busDeviceEvent(event), messageId, BusTypes.DEVICE_EVENT, device.deviceId(), device.ownerId(), correlationId, received);
        metrics.counter("doorlock_device_messages_in_total", "event", event, "transport", metadata.source().name().toLowerCase()).increment();
    }

    /** A name-based UUID of (device, event, request id): the same retry always maps to the same bus message id. */
    static String messageId(String deviceId, String event, String requestId) {
        return UUID.nameUUIDFromBytes(("device-event\n" + deviceId + "\n" + event + "\n" + requestId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
