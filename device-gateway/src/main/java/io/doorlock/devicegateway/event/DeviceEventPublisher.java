package io.doorlock.devicegateway.event;

import io.doorlock.base.bus.BusPublisher;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.ConnectionMetadata;
import io.doorlock.common.bus.DeviceEventReceived;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.devicegateway.command.InFlightCommands;
import io.doorlock.devicegateway.credentials.DeviceIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

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
        String correlationId = validated instanceof io.doorlock.common.device.CommandAck ack
                ? inFlight.correlationOf(device.deviceId(), ack.commandId()).orElse(ack.commandId())
                : UUID.randomUUID().toString();
        DeviceEventReceived received = new DeviceEventReceived(device.deviceId(), device.ownerId(), event,
                codec.toTree(validated), Instant.now(), metadata);
        bus.publish(Topics.busDeviceEvent(event), BusTypes.DEVICE_EVENT, device.deviceId(), device.ownerId(), correlationId, received);
        metrics.counter("doorlock_device_messages_in_total", "event", event, "transport", metadata.source().name().toLowerCase()).increment();
    }
}
