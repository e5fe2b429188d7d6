package io.doorlock.bench.compare;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Where doorlock and the seed's Socket.IO protocols differ for the benchmark; everything else (CONNECT auth
 * {@code {token, clientType, deviceId}}, {@code send_command}, the command events, {@code command_ack},
 * {@code command_status}) is the same.
 */
enum Dialect {

    /**
     * Doorlock: the dashboard chooses the {@code commandId} (so the device's command names the send) and sends with an
     * ack callback, answered {@code {success: true, event: 'command_sent'}} or {@code {success: false, error: {code}}}.
     */
    DOORLOCK {
        @Override
        JsonObject sendCommand(String deviceId, String command, String key) {
            return new JsonObject().put("deviceId", deviceId).put("command", command).put("payload", payload(command)).put("commandId", key);
        }

        @Override
        Optional<String> keyOfDeviceCommand(JsonObject command, CommandLedger ledger) {
            return Optional.ofNullable(command.getString("commandId"));
        }

        @Override
        Optional<String> keyOfStatus(JsonObject status, CommandLedger ledger) {
            return Optional.ofNullable(status.getString("commandId"));
        }
    },

    /**
     * The seed: it picks its own {@code commandId} and spreads the payload into the device's command, so the send's key
     * travels as {@code payload.benchKey}; it calls no ack callback, but emits {@code command_sent} or {@code error}
     * {@code {message}} to the sending socket, in the order the sends were handled.
     */
    SEED {
        @Override
        JsonObject sendCommand(String deviceId, String command, String key) {
            return new JsonObject().put("deviceId", deviceId).put("command", command).put("payload", payload(command).put("benchKey", key));
        }

        @Override
        Optional<String> keyOfDeviceCommand(JsonObject command, CommandLedger ledger) {
            Optional<String> key = Optional.ofNullable(command.getString("benchKey"));
            key.ifPresent(k -> ledger.serverId(command.getString("commandId", ""), k));
            return key;
        }

        @Override
        Optional<String> keyOfStatus(JsonObject status, CommandLedger ledger) {
            return ledger.keyOf(status.getString("commandId", ""));
        }
    };

    /** The {@code send_command} data for the send {@code key}. */
    abstract JsonObject sendCommand(String deviceId, String command, String key);

    /** The send a command received by a device belongs to. */
    abstract Optional<String> keyOfDeviceCommand(JsonObject command, CommandLedger ledger);

    /** The send a dashboard's {@code command_status} is about. */
    abstract Optional<String> keyOfStatus(JsonObject status, CommandLedger ledger);

    /** True when sends are answered through ack callbacks (doorlock), false for {@code command_sent} events (the seed). */
    boolean acksSends() {
        return this == DOORLOCK;
    }

    private static JsonObject payload(String command) {
        return "unlock_door".equals(command) ? new JsonObject().put("duration", 5000) : new JsonObject();
    }
}
