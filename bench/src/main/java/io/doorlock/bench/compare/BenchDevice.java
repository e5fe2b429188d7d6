package io.doorlock.bench.compare;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * A door lock that acks every command at once: on {@code lock_door} / {@code unlock_door} it notes the arrival in the
 * current step's ledger and sends {@code command_ack} {@code received}, then {@code executed}.
 */
final class BenchDevice {

    private final SocketIoClient socket;

    private BenchDevice(SocketIoClient socket) {
        this.socket = socket;
    }

    /** Connects {@code login} to the target's device endpoint at {@code url}. */
    static Future<BenchDevice> connect(WebSocketClient client, URI url, DeviceLogin login, Dialect dialect,
            Supplier<CommandLedger> ledger, Clock clock) {
        JsonObject auth = new JsonObject().put("token", login.token()).put("clientType", "device").put("deviceId", login.id());
        return SocketIoClient.connect(client, url, auth).map(socket -> {
            BenchDevice device = new BenchDevice(socket);
            socket.on("lock_door", args -> device.command(args, login.id(), dialect, ledger.get(), clock));
            socket.on("unlock_door", args -> device.command(args, login.id(), dialect, ledger.get(), clock));
            return device;
        });
    }

    private void command(JsonArray args, String deviceId, Dialect dialect, CommandLedger ledger, Clock clock) {
        JsonObject command = args.size() > 1 && args.getValue(1) instanceof JsonObject data ? data
                : args.size() > 1 && args.getValue(1) instanceof String text ? new JsonObject(text) : new JsonObject();
        dialect.keyOfDeviceCommand(command, ledger).ifPresent(ledger::reachedDevice);
        String commandId = command.getString("commandId", "");
        socket.emit("command_ack", ack(commandId, deviceId, "received", clock));
        socket.emit("command_ack", ack(commandId, deviceId, "executed", clock));
    }

    private static JsonObject ack(String commandId, String deviceId, String status, Clock clock) {
        return new JsonObject().put("commandId", commandId).put("deviceId", deviceId).put("status", status).put("timestamp", clock.instant().toString());
    }

    boolean isOpen() {
        return socket.isOpen();
    }

    void close() {
        socket.close();
    }
}
