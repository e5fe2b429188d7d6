package io.doorlock.dashboardgateway.session;

import io.doorlock.gatewaybase.connection.ConnectionFailures;
import io.doorlock.gatewaybase.connection.WebSocketInbound;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/**
 * {@code /ws/dashboard}: the dashboard WebSocket. A thin adapter over {@link DashboardConnectionHandler}: the
 * callbacks run on the event loop and only hand over to {@link WebSocketInbound}, which checks each frame as it
 * arrives and runs the handler on worker threads, one frame of a dashboard at a time.
 */
@WebSocket(path = "/ws/dashboard")
public class DashboardSocket {

    private final DashboardConnectionHandler handler;
    private final WebSocketInbound inbound;

    public DashboardSocket(DashboardConnectionHandler handler, WebSocketInbound inbound) {
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
        inbound.onText(connection, text, handler);
        return Uni.createFrom().voidItem();
    }

    @OnClose
    public Uni<Void> onClose(WebSocketConnection connection) {
        inbound.onClose(connection, handler);
        return Uni.createFrom().voidItem();
    }

    /** A message over the size limit closes with 1009; other failures with 1011 (see {@link ConnectionFailures}). */
    @OnError
    public void onError(WebSocketConnection connection, Throwable error) {
        ConnectionFailures.close("dashboard", connection, error);
    }
}
