package io.doorlock.bench.compare;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * One dashboard user's Socket.IO connection: sends {@code send_command} when told to, and notes in the current
 * step's ledger each answer (queued or refused) and each {@code command_status} {@code executed} it hears.
 */
final class BenchDashboard {

    private final SocketIoClient socket;
    private final DashboardLogin login;
    private final Dialect dialect;
    private final Supplier<CommandLedger> ledger;
    private final Queue<String> unanswered = new ConcurrentLinkedQueue<>();

    private BenchDashboard(SocketIoClient socket, DashboardLogin login, Dialect dialect, Supplier<CommandLedger> ledger) {
        this.socket = socket;
        this.login = login;
        this.dialect = dialect;
        this.ledger = ledger;
    }

    /** Connects {@code login}'s dashboard to the target's dashboard endpoint at {@code url}. */
    static Future<BenchDashboard> connect(WebSocketClient client, URI url, DashboardLogin login, Dialect dialect, Supplier<CommandLedger> ledger) {
        JsonObject auth = new JsonObject().put("token", login.token()).put("clientType", "dashboard");
        return SocketIoClient.connect(client, url, auth).map(socket -> {
            BenchDashboard dashboard = new BenchDashboard(socket, login, dialect, ledger);
            socket.on("command_status", dashboard::status);
            socket.on("command_sent", args -> dashboard.answeredInOrder("queued"));
            socket.on("error", args -> dashboard.answeredInOrder(refusal(first(args))));
            return dashboard;
        });
    }

    DashboardLogin login() {
        return login;
    }

    /** Sends {@code command} to {@code deviceId} under a fresh key. */
    void send(String deviceId, String command) {
        String key = UUID.randomUUID().toString();
        CommandLedger current = ledger.get();
        current.sent(key);
        JsonObject data = dialect.sendCommand(deviceId, command, key);
        if (dialect.acksSends()) {
            socket.emit("send_command", data, args -> {
                JsonObject answer = first(args);
                current.answered(key, answer.getBoolean("success", false) ? "queued" : refusal(answer.getJsonObject("error", new JsonObject())));
            });
        } else {
            unanswered.add(key);
            socket.emit("send_command", data);
        }
    }

    boolean isOpen() {
        return socket.isOpen();
    }

    void close() {
        socket.close();
    }

    private void status(JsonArray args) {
        JsonObject status = first(args);
        if ("executed".equals(status.getString("status"))) {
            CommandLedger current = ledger.get();
            dialect.keyOfStatus(status, current).ifPresent(current::executed);
        }
    }

    /** Without ack callbacks, a {@code command_sent} or {@code error} answers the oldest send still unanswered. */
    private void answeredInOrder(String outcome) {
        if (!dialect.acksSends()) {
            String key = unanswered.poll();
            if (key != null) {
                ledger.get().answered(key, outcome);
            }
        }
    }

    private static String refusal(JsonObject error) {
        return error.getString("code", "message: " + error.getString("message", "?"));
    }

    private static JsonObject first(JsonArray args) {
        // An event's args start with its name; an ack's do not.
        for (Object arg : args) {
            if (arg instanceof JsonObject object) {
                return object;
            }
        }
        return new JsonObject();
    }
}
