package io.doorlock.gatewaybase.connection;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * A gateway's plain WebSocket endpoint: a thin adapter over the gateway's {@link ClientHandler}. Each gateway declares
 * a subclass that carries only its {@code @WebSocket(path = ...)} (websockets-next finds the callbacks declared here on
 * the superclass) and any extra callback of its own. A message over the size limit closes with 1009, other failures
 * with 1011 (see {@link ConnectionFailures}).
 */
public abstract class ClientSocket {

    private final String endpoint;
    private final ClientHandler handler;

    /** {@code endpoint} names the endpoint in the log ({@code device}, {@code dashboard}). */
    protected ClientSocket(String endpoint, ClientHandler handler) {
        this.endpoint = endpoint;
        this.handler = handler;
    }

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        handler.onOpen(WebSocketClientConnection.of(connection));
    }

    @OnTextMessage
    public void onText(String text, WebSocketConnection connection) {
        handler.onText(WebSocketClientConnection.of(connection), text);
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        handler.onClose(WebSocketClientConnection.of(connection));
    }

    @OnError
    public void onError(WebSocketConnection connection, Throwable error) {
        ConnectionFailures.close(endpoint, connection, error);
    }
}
