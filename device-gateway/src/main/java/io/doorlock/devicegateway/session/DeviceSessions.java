package io.doorlock.devicegateway.session;

import io.doorlock.devicegateway.DeviceGatewayConfig;
import io.doorlock.gatewaybase.connection.FloodGuard;
import io.doorlock.common.envelope.CloseReasons;
import io.doorlock.devicegateway.credentials.DeviceIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.CloseReason;
import io.doorlock.gatewaybase.connection.ClientConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;
import io.doorlock.base.metrics.Gauges;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The device WebSockets this gateway instance holds. One live connection per device: a newer authenticated
 * connection replaces the older one, which is closed with 4409.
 */
@ApplicationScoped
public class DeviceSessions {

    private static final Logger LOG = Logger.getLogger(DeviceSessions.class);

    private final ConcurrentMap<String, DeviceSession> byConnection = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, DeviceSession> byDevice = new ConcurrentHashMap<>();

    private final AtomicInteger pendingHandshakes = new AtomicInteger();
    private final DeviceGatewayConfig.RateLimit rateLimit;

    public DeviceSessions(MeterRegistry metrics, DeviceGatewayConfig config, Gauges gauges) {
        this.rateLimit = config.rateLimit();
        gauges.register("doorlock_device_connections", Tags.of("transport", "websocket"), byDevice, Map::size);
        gauges.register("doorlock_device_handshakes_pending", Tags.empty(), pendingHandshakes, AtomicInteger::get);
    }

    /** A new socket, not authenticated yet (it counts as a pending handshake until it is, or closes). */
    public DeviceSession open(ClientConnection connection) {
        DeviceSession session = new DeviceSession(connection,
                new FloodGuard(rateLimit.burst(), rateLimit.framesPerSecond(), rateLimit.closeAfter(), System::nanoTime));
        byConnection.put(connection.id(), session);
        pendingHandshakes.incrementAndGet();
        return session;
    }

    /** The session of an open socket. */
    public Optional<DeviceSession> session(ClientConnection connection) {
        return Optional.ofNullable(byConnection.get(connection.id()));
    }

    /** Marks the session authenticated and makes it the device's live connection, closing an older one here (4409). */
    public void attach(DeviceSession session, DeviceIdentity identity) {
        if (!session.isAuthenticated()) {
            pendingHandshakes.decrementAndGet();
        }
        session.authenticated(identity);
        DeviceSession previous = byDevice.put(identity.deviceId(), session);
        if (previous != null && previous != session && previous.connection().isOpen()) {
            LOG.infof("device %s connected again; closing its previous connection %s", identity.deviceId(), previous.connection().id());
            previous.connection().close(new CloseReason(CloseReasons.REPLACED, "replaced by a newer connection"))
                    .subscribe().with(v -> { }, e -> LOG.debugf("closing replaced connection failed: %s", e.getMessage()));
        }
    }

    /** What closing a connection meant. {@code wasLive}: it was the device's current connection, so the device is gone. */
    public record Closed(DeviceSession session, boolean wasLive) {}

    /** Forgets a closed connection; the device mapping is removed only if it still points at this connection. */
    public Optional<Closed> close(ClientConnection connection) {
        DeviceSession session = byConnection.remove(connection.id());
        if (session == null) {
            return Optional.empty();
        }
        if (!session.isAuthenticated()) {
            pendingHandshakes.decrementAndGet();
        }
        boolean wasLive = session.identity().map(id -> byDevice.remove(id.deviceId(), session)).orElse(false);
        return Optional.of(new Closed(session, wasLive));
    }

    /** The live connection of a device held by this instance. */
    public Optional<DeviceSession> ofDevice(String deviceId) {
        return Optional.ofNullable(byDevice.get(deviceId)).filter(s -> s.connection().isOpen());
    }

    /** Every authenticated device socket of this instance. */
    public Collection<DeviceSession> live() {
        return List.copyOf(byDevice.values());
    }

    /** WebSockets opened and not yet authenticated (or closed). */
    public int pendingHandshakes() {
        return pendingHandshakes.get();
    }

}
