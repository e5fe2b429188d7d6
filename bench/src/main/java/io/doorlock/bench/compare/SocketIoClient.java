package io.doorlock.bench.compare;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One Socket.IO client on the main namespace, over a WebSocket from the start
 * ({@code /socket.io/?EIO=4&transport=websocket}): answers pings, sends events (with or without an ack callback) and
 * hands received events to the handler registered for their name. Cheap enough to hold hundreds in one JVM.
 */
final class SocketIoClient {

    private final WebSocket socket;
    private final Map<String, Consumer<JsonArray>> handlers = new ConcurrentHashMap<>();
    private final Map<Long, Consumer<JsonArray>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong nextAckId = new AtomicLong();

    private SocketIoClient(WebSocket socket) {
        this.socket = socket;
    }

    /**
     * Opens a session at {@code base} (its scheme, host and port count) and connects to the main namespace with
     * {@code auth}; fails with the server's message on CONNECT_ERROR or a refused upgrade.
     */
    static Future<SocketIoClient> connect(WebSocketClient client, URI base, JsonObject auth) {
        Promise<SocketIoClient> connected = Promise.promise();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost()).setPort(port(base))
                .setSsl(base.getScheme().endsWith("s")).setURI("/socket.io/?EIO=4&transport=websocket");
        client.connect(options).onFailure(connected::tryFail).onSuccess(ws -> {
            SocketIoClient session = new SocketIoClient(ws);
            ws.textMessageHandler(frame -> session.received(frame, auth, connected));
            ws.closeHandler(v -> connected.tryFail("closed before the namespace was connected"));
        });
        return connected.future();
    }

    private static int port(URI base) {
        return base.getPort() > 0 ? base.getPort() : base.getScheme().endsWith("s") ? 443 : 80;
    }

    /** Calls {@code handler} with the arguments of every {@code name} event (on the socket's event loop). */
    SocketIoClient on(String name, Consumer<JsonArray> handler) {
        handlers.put(name, handler);
        return this;
    }

    void emit(String name, JsonObject data) {
        socket.writeTextMessage(EngineIoCodec.event(name, data));
    }

    /** Sends an event with an ack id; {@code answer} gets the arguments of its ACK. */
    void emit(String name, JsonObject data, Consumer<JsonArray> answer) {
        long id = nextAckId.getAndIncrement();
        waiting.put(id, answer);
        socket.writeTextMessage(EngineIoCodec.event(id, name, data));
    }

    boolean isOpen() {
        return !socket.isClosed();
    }

    void close() {
        socket.close();
    }

    private void received(String frame, JsonObject auth, Promise<SocketIoClient> connected) {
        SocketIoPacket packet = EngineIoCodec.decode(frame);
        switch (packet.kind()) {
            case OPEN -> socket.writeTextMessage(EngineIoCodec.connect(auth));
            case PING -> socket.writeTextMessage(EngineIoCodec.PONG);
            case CONNECT -> connected.tryComplete(this);
            case CONNECT_ERROR -> {
                connected.tryFail(packet.args().isEmpty() ? "connect_error" : packet.args().getJsonObject(0).getString("message", "connect_error"));
                socket.close();
            }
            case EVENT -> {
                Consumer<JsonArray> handler = handlers.get(packet.name());
                if (handler != null) {
                    handler.accept(packet.args());
                }
            }
            case ACK -> packet.ackId().ifPresent(id -> {
                Consumer<JsonArray> answer = waiting.remove(id);
                if (answer != null) {
                    answer.accept(packet.args());
                }
            });
            case CLOSE, DISCONNECT -> socket.close();
            default -> { }
        }
    }
}
