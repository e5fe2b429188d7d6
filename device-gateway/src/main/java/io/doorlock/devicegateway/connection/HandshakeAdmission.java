package io.doorlock.devicegateway.connection;

import io.doorlock.devicegateway.session.DeviceSessions;
import io.doorlock.devicegateway.DeviceGatewayConfig;
import io.doorlock.gatewaybase.connection.AdmissionAnswer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ThreadLocalRandom;
import io.doorlock.base.alert.SystemAlerts;
import io.doorlock.common.dashboard.AlertLevel;
import java.util.OptionalLong;

/**
 * Bounded admission for device WebSockets. When a replica restarts, thousands of devices reconnect at once; past
 * {@code doorlock.device-gateway.admission.max-pending-handshakes} sockets waiting to authenticate, further upgrade
 * requests are refused with HTTP 503 and a jittered {@code Retry-After}, before any WebSocket state exists. Devices
 * back off and come back (docs/device-protocol.md), and the replica never falls over.
 */
@ApplicationScoped
public class HandshakeAdmission implements HttpUpgradeCheck {

    private final SystemAlerts alerts;
    private final String gatewayId;
    private final DeviceSessions sessions;
    private final DeviceGatewayConfig.Admission config;
    private final MeterRegistry metrics;

    public HandshakeAdmission(DeviceSessions sessions, DeviceGatewayConfig config, MeterRegistry metrics, SystemAlerts alerts) {
        this.alerts = alerts;
        this.gatewayId = config.gatewayId();
        this.sessions = sessions;
        this.config = config.admission();
        this.metrics = metrics;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return DeviceSocket.ENDPOINT_ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return AdmissionAnswer.of(refuse(0));
    }

    /**
     * Empty to admit a new device connection (plain WebSocket, or a new Socket.IO session), or the jittered seconds
     * to put in {@code Retry-After} when {@code max-pending-handshakes} are already waiting to authenticate
     * ({@code alsoWaiting}: Socket.IO sessions whose client has not connected yet).
     */
    public OptionalLong refuse(int alsoWaiting) {
        if (sessions.pendingHandshakes() + alsoWaiting < config.maxPendingHandshakes()) {
            return OptionalLong.empty();
        }
        metrics.counter("doorlock_device_handshakes_total", "result", "rejected", "reason", "admission").increment();
        alerts.raise("device-admission", AlertLevel.WARNING, "device-gateway " + gatewayId
                + " is refusing WebSocket handshakes: " + config.maxPendingHandshakes() + " are already waiting (reconnect storm?)");
        long base = Math.max(1, config.retryAfter().toSeconds());
        return OptionalLong.of(base + ThreadLocalRandom.current().nextLong(base + 1));
    }
}
