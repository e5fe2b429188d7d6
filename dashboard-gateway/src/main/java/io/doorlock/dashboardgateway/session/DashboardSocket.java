package io.doorlock.dashboardgateway.session;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.doorlock.gatewaybase.connection.WebSocketClientConnection;
import io.quarkus.websockets.next.WebSocketConnection;
import org.jboss.logging.Logger;

/** {@code /ws/dashboard}: the dashboard WebSocket. A thin adapter over {@link DashboardConnectionHandler}. */
@WebSocket(path = "/ws/dashboard")
public class DashboardSocket {

    private static final Logger LOG = Logger.getLogger(DashboardSocket.class);

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

    @OnError
    public void onError(WebSocketConnection connection, Throwable error) {
        LOG.warnf(error, "dashboard connection %s failed; closing it", connection.id());
        connection.close(new io.quarkus.websockets.next.CloseReason(1011, "internal error")).subscribe().with(v -> { }, e -> { });
    }
}
