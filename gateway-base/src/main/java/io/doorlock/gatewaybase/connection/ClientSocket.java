package io.doorlock.gatewaybase.connection;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/**
 * A gateway's plain WebSocket endpoint: a thin adapter over the gateway's {@link ClientHandler}. Each gateway declares
 * a subclass that carries only its {@code @WebSocket(path = ...)} (websockets-next finds the callbacks declared here on
 * the superclass) and any extra callback of its own. The callbacks run on the event loop and only hand over to
 * {@link WebSocketInbound}, which checks each frame as it arrives (the handler's {@link ClientHandler#inboundGate})
 * and runs the handler on worker threads, one frame of a connection at a time. A message over the size limit closes
 * with 1009, other failures with 1011 (see {@link ConnectionFailures}).
 */
public abstract class ClientSocket {

    private final String endpoint;
    private final ClientHandler handler;
    private final WebSocketInbound inbound;

    /** {@code endpoint} names the endpoint in the log ({@code device}, {@code dashboard}). */
    protected ClientSocket(String endpoint, ClientHandler handler, WebSocketInbound inbound) {
        this.endpoint = endpoint;
        this.handler = handler;
        this.inbound = inbound;
    }

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        inbound.onOpen(connection, handler);
        return Uni.createFrom().voidItem();
    }

    @OnTextMessage
    public Uni<Void> onText(String text, WebSocketConnection connection) {
        return frame(connection, text);
    }

    @OnClose
    public Uni<Void> onClose(WebSocketConnection connection) {
        inbound.onClose(connection, handler);
        return Uni.createFrom().voidItem();
    }

    @OnError
    public void onError(WebSocketConnection connection, Throwable error) {
        ConnectionFailures.close(endpoint, connection, error);
    }

    /** One frame of the JSON protocol, however it came (a subclass that also reads binary frames passes them here). */
    protected Uni<Void> frame(WebSocketConnection connection, String text) {
        inbound.onText(connection, text, handler);
        return Uni.createFrom().voidItem();
    }
}
