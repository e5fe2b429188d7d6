package io.doorlock.dashboardgateway.session;

import io.doorlock.dashboardgateway.auth.UserPrincipal;
import io.doorlock.gatewaybase.connection.BroadcastFrame;
import io.doorlock.gatewaybase.connection.ClientConnection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Duration;

/** One dashboard WebSocket: the connection, the user once authenticated, and the devices it subscribed to. */
public final class DashboardSession {

    private final ClientConnection connection;
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile UserPrincipal user;
    private volatile long authTimer = -1;
    private volatile long expiryTimer = -1;

    private final Outbox<BroadcastFrame> outbox;

    DashboardSession(ClientConnection connection, int outboxCapacity, Duration stuckAfter) {
        this.connection = connection;
        this.outbox = new Outbox<>(connection::sendBroadcast, outboxCapacity, stuckAfter, System::nanoTime);
    }

    /** Broadcast frames waiting for this dashboard (direct answers to its requests do not queue here). */
    Outbox<BroadcastFrame> outbox() {
        return outbox;
    }

    public ClientConnection connection() {
        return connection;
    }

    public Optional<UserPrincipal> user() {
        return Optional.ofNullable(user);
    }

    void user(UserPrincipal user) {
        this.user = user;
    }

    /** Devices this dashboard explicitly subscribed to with {@code subscribe_device}. */
    public Set<String> subscriptions() {
        return subscriptions;
    }

    long authTimer() {
        return authTimer;
    }

    void authTimer(long id) {
        authTimer = id;
    }

    long expiryTimer() {
        return expiryTimer;
    }

    void expiryTimer(long id) {
        expiryTimer = id;
    }
}
