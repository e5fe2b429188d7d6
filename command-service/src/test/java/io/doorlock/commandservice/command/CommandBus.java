package io.doorlock.commandservice.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandCancelRequested;
import io.doorlock.common.bus.CommandDelivery;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.bus.ConnectionMetadata;
import io.doorlock.common.bus.DeviceEventReceived;
import io.doorlock.common.bus.Transport;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.BusKeys;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the other services say to command-service, for its tests: requests as dashboard-gateway sends them, receipts
 * and acks as device-gateway sends them, on the real broker; and what command-service answers (status, dispatch).
 */
final class CommandBus implements AutoCloseable {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(10);

    final TestMqttClient client;
    private final Clock clock;

    /** {@code clock}: command-service's, which dates the requests, receipts and cancels. */
    CommandBus(Clock clock) {
        this.client = DoorlockInfrastructure.broker().harness().subscribe(Topics.COMMAND_STATUS, Topics.COMMAND_DISPATCH);
        this.clock = clock;
    }

    /** A request as dashboard-gateway makes it, after checking that user-1 holds what the command needs. */
    void request(String commandId, String deviceId, CommandType type, String payload, Optional<Integer> ttl, Instant requestedAt) {
        request(commandId, deviceId, type, payload, ttl, requestedAt, List.of("view", "control", "admin"));
    }

    void request(String commandId, String deviceId, CommandType type, String payload, Optional<Integer> ttl, Instant requestedAt,
            List<String> verifiedPermissions) {
        publish(Topics.COMMAND_REQUESTED, BusTypes.COMMAND_REQUESTED, deviceId,
                new CommandRequested(commandId, deviceId, type, tree(payload), "user-1", requestedAt, ttl, verifiedPermissions));
    }

    /** A new request now; returns its command id. */
    String request(String deviceId, CommandType type, String payload, Optional<Integer> ttl) {
        String commandId = UUID.randomUUID().toString();
        request(commandId, deviceId, type, payload, ttl, clock.instant());
        return commandId;
    }

    void delivered(String commandId, String deviceId, int attempt) {
        publish(Topics.COMMAND_DELIVERY, BusTypes.COMMAND_DELIVERY, deviceId,
                new CommandDelivery(commandId, deviceId, Transport.WEBSOCKET, attempt, clock.instant(), "gw-1"));
    }

    void ack(String commandId, String deviceId, String status) {
        ack(commandId, deviceId, status, Optional.empty());
    }

    void ack(String commandId, String deviceId, String status, Optional<String> errorMessage) {
        var data = CODEC.mapper().createObjectNode().put("commandId", commandId).put("status", status);
        errorMessage.ifPresent(m -> data.put("errorMessage", m));
        deviceEvent(deviceId, "command_ack", data);
    }

    void cancel(String commandId, String deviceId) {
        publish(Topics.COMMAND_CANCEL, BusTypes.COMMAND_CANCEL, deviceId, new CommandCancelRequested(commandId, deviceId, "user-1", clock.instant()));
    }

    /**
     * {@code device_connected} or {@code device_disconnected}, as device-gateway publishes them, dated by device-gateway's
     * (real) clock: command-service keeps the newest by that date.
     */
    void presence(String deviceId, String event) {
        presence(deviceId, event, Optional.empty());
    }

    /** The same, naming {@code gatewayId} as the replica holding the device's socket, as a {@code device_connected} does. */
    void presence(String deviceId, String event, Optional<String> gatewayId) {
        deviceEvent(deviceId, event, CODEC.mapper().createObjectNode().put("deviceId", deviceId).put("deviceName", deviceId)
                .put("reason", "test").put("timestamp", Instant.now().toString()), gatewayId);
    }

    private void deviceEvent(String deviceId, String event, JsonNode data) {
        deviceEvent(deviceId, event, data, Optional.empty());
    }

    private void deviceEvent(String deviceId, String event, JsonNode data, Optional<String> gatewayId) {
        publish(Topics.busDeviceEvent(event), BusTypes.DEVICE_EVENT, deviceId, new DeviceEventReceived(deviceId, Optional.of("user-1"),
                event, data, Instant.now(), new ConnectionMetadata(Optional.empty(), Optional.empty(), Optional.empty(), Transport.WEBSOCKET,
                        gatewayId)));
    }

    void publish(String topic, String type, String deviceId, Object data) {
        BusEnvelope envelope = new BusEnvelope(UUID.randomUUID().toString(), type, Instant.now(), BusKeys.producerFor(type), UUID.randomUUID().toString(),
                deviceId, Optional.of("user-1"), CODEC.toTree(data));
        client.publish(topic, CODEC.encode(envelope));
    }

    JsonNode awaitStatus(String commandId, String status) {
        return tree(client.await(m -> m.topic().equals(Topics.COMMAND_STATUS) && m.payload().contains(commandId)
                && m.payload().contains("\"status\":\"" + status + "\""), WAIT).payload());
    }

    JsonNode awaitDispatch(String commandId) {
        return tree(client.await(m -> m.topic().equals(Topics.COMMAND_DISPATCH) && m.payload().contains(commandId), WAIT).payload());
    }

    static JsonNode tree(String json) {
        try {
            return CODEC.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
