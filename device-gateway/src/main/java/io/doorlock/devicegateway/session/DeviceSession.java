package io.doorlock.devicegateway.session;

import io.doorlock.gatewaybase.connection.FloodGuard;
import io.doorlock.devicegateway.credentials.DeviceIdentity;
import io.doorlock.gatewaybase.connection.ClientConnection;
import java.time.Instant;
import java.util.Optional;
import io.doorlock.common.bus.ConnectionMetadata;
import io.doorlock.common.bus.Transport;
import java.time.Duration;

/** One device WebSocket: the connection and, once authenticated, who is on it. */
public final class DeviceSession {

    private final ClientConnection connection;
    private final FloodGuard floodGuard;
    private volatile DeviceIdentity identity;
    private volatile long authTimer = -1;
    private volatile long lastFrameNanos = System.nanoTime();

    DeviceSession(ClientConnection connection, FloodGuard floodGuard) {
        this.floodGuard = floodGuard;
        this.connection = connection;
    }

    /** This socket's frame budget (doorlock.device-gateway.rate-limit.*). */
    public FloodGuard floodGuard() {
        return floodGuard;
    }

    public ClientConnection connection() {
        return connection;
    }

    public Optional<DeviceIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    public boolean isAuthenticated() {
        return identity != null;
    }

    void authenticated(DeviceIdentity identity) {
        this.identity = identity;
    }

    /** The timer that closes the socket if it does not authenticate in time; -1 before it is set. */
    public long authTimer() {
        return authTimer;
    }

    public void authTimer(long id) {
        this.authTimer = id;
    }

    /** Something arrived from the device. */
    public void heard() {
        lastFrameNanos = System.nanoTime();
    }

    /** How long the device has said nothing on this socket. */
    public Duration silentFor() {
        return Duration.ofNanos(System.nanoTime() - lastFrameNanos);
    }

    /** Where this socket's messages came from, for the audit trail. */
    public ConnectionMetadata metadata() {
        return new ConnectionMetadata(remoteAddress(), userAgent(), Optional.of(connection.id()),
                Transport.WEBSOCKET);
    }

    public Optional<String> remoteAddress() {
        return connection.remoteAddress();
    }

    public Optional<String> userAgent() {
        return connection.header("User-Agent");
    }
}
