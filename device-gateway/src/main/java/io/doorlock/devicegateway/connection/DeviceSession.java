package io.doorlock.devicegateway.connection;

import io.doorlock.gatewaybase.connection.FloodGuard;
import io.doorlock.devicegateway.credentials.DeviceIdentity;
import io.doorlock.gatewaybase.connection.ClientConnection;
import java.time.Instant;
import java.util.Optional;

/** One device WebSocket: the connection and, once authenticated, who is on it. */
public final class DeviceSession {

    private final ClientConnection connection;
    private final FloodGuard floodGuard;
    private volatile DeviceIdentity identity;
    private volatile long authTimer = -1;
    private volatile long lastFrameNanos = System.nanoTime();

    DeviceSession(ClientConnection connection, FloodGuard floodGuard) {
        this.connection = connection;
        this.floodGuard = floodGuard;
    }

    FloodGuard floodGuard() {
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

    long authTimer() {
        return authTimer;
    }

    void authTimer(long id) {
        this.authTimer = id;
    }

    /** Something arrived from the device. */
    void heard() {
        lastFrameNanos = System.nanoTime();
    }

    /** How long the device has said nothing on this socket. */
    public java.time.Duration silentFor() {
        return java.time.Duration.ofNanos(System.nanoTime() - lastFrameNanos);
    }

    /** Where this socket's messages came from, for the audit trail. */
    public io.doorlock.common.bus.ConnectionMetadata metadata() {
        return new io.doorlock.common.bus.ConnectionMetadata(remoteAddress(), userAgent(), Optional.of(connection.id()),
                io.doorlock.common.bus.Transport.WEBSOCKET);
    }

    public Optional<String> remoteAddress() {
        return connection.remoteAddress();
    }

    public Optional<String> userAgent() {
        return connection.header("User-Agent");
    }
}
