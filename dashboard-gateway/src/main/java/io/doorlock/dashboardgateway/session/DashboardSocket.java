package io.doorlock.dashboardgateway.session;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.doorlock.gatewaybase.connection.ConnectionFailures;
import io.doorlock.gatewaybase.connection.WebSocketClientConnection;
import io.quarkus.websockets.next.WebSocketConnection;

/** {@code /ws/dashboard}: the dashboard WebSocket. A thin adapter over {@link DashboardConnectionHandler}. */
@WebSocket(path = "/ws/dashboard")
public class DashboardSocket {

    private final DashboardConnectionHandler handler;

    public DashboardSocket(DashboardConnectionHandler handler) {
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

    /** A message over the size limit closes with 1009; other failures with 1011 (see {@link ConnectionFailures}). */
    @OnError
    public void onError(WebSocketConnection connection, Throwable error) {
        ConnectionFailures.close("dashboard", connection, error);
    }
}
