package io.doorlock.gatewaybase.socketio;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import org.jboss.logging.Logger;
import io.smallrye.mutiny.Uni;

/**
 * {@code /socket.io/?EIO=4&transport=websocket}: the WebSocket transport of {@link SocketIoServer}, new sessions and
 * upgrades from polling alike. The callbacks only hand packets on, so they run on the event loop.
 */
@WebSocket(path = "/socket.io/", endpointId = SocketIoEndpoint.ENDPOINT_ID)
public class SocketIoEndpoint {

    public static final String ENDPOINT_ID = "socket.io";

    private static final Logger LOG = Logger.getLogger(SocketIoEndpoint.class);

    private final SocketIoServer server;

    public SocketIoEndpoint(SocketIoServer server) {
        this.server = server;
    }

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        server.onWebSocketOpen(connection);
        return Uni.createFrom().voidItem();
    }

    @OnTextMessage
    public Uni<Void> onText(String text, WebSocketConnection connection) {
        server.onWebSocketText(connection, text);
        return Uni.createFrom().voidItem();
    }

    /** Binary attachments are not supported (the binary event itself already ended the session). */
    @OnBinaryMessage
    public Uni<Void> onBinary(Buffer bytes, WebSocketConnection connection) {
        return Uni.createFrom().voidItem();
    }

    @OnClose
    public Uni<Void> onClose(WebSocketConnection connection) {
        server.onWebSocketClose(connection);
        return Uni.createFrom().voidItem();
    }

    @OnError
    public Uni<Void> onError(WebSocketConnection connection, Throwable error) {
        LOG.debugf("socket.io WebSocket %s failed: %s", connection.id(), error.getMessage());
        return connection.close();
    }
}
