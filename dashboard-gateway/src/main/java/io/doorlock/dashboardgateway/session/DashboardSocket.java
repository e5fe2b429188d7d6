package io.doorlock.dashboardgateway.session;

import io.doorlock.gatewaybase.connection.ClientSocket;
import io.doorlock.gatewaybase.connection.WebSocketInbound;
import io.quarkus.websockets.next.WebSocket;

/** {@code /ws/dashboard}: the dashboard WebSocket, a {@link ClientSocket} over {@link DashboardConnectionHandler}. */
@WebSocket(path = "/ws/dashboard")
public class DashboardSocket extends ClientSocket {

    public DashboardSocket(DashboardConnectionHandler handler, WebSocketInbound inbound) {
        super("dashboard", handler, inbound);
    }
}
