package io.doorlock.dashboardgateway.health;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JSON shapes of the seed's {@code /api/health} routes. */
public final class HealthReport {

    private HealthReport() {}

    /** {@code GET /api/health}. */
    @RegisterForReflection
    public record Basic(String status, Instant timestamp, long uptime, String environment) {}

    /** {@code GET /api/health/detailed}. */
    @RegisterForReflection
    public record Detailed(String overall, Services services, Devices devices, Connections connections, Memory memory) {}

    /** The seed's three services plus the two this gateway reads from. */
    @RegisterForReflection
    public record Services(Mongo mongodb, Mqtt mqtt, Sockets socketio, Upstream deviceGateway, Upstream auditService) {}

    @RegisterForReflection
    public record Mongo(String status, String state) {}

    @RegisterForReflection
    public record Mqtt(String status, boolean connected) {}

    /** Dashboard WebSocket clients of this replica. */
    @RegisterForReflection
    public record Sockets(String status, int clientsCount) {}

    @RegisterForReflection
    public record Upstream(String status) {}

    @RegisterForReflection
    public record Devices(long total, long online, long offline, String onlinePercentage) {}

    @RegisterForReflection
    public record Connections(long totalConnected, long websocketConnections, long mqttConnections, long dualConnections) {}

    /** Bytes: resident set size of the process, and the JVM heap reserved and used. */
    @RegisterForReflection
    public record Memory(long rss, long heapTotal, long heapUsed) {}

    /** {@code GET /api/health/devices}. */
    @RegisterForReflection
    public record DeviceList(int totalDevices, List<ConnectedDevice> devices) {}

    @RegisterForReflection
    public record ConnectedDevice(String deviceId, Optional<String> name, Optional<String> espId, String status, boolean hasWebSocket,
            boolean hasMQTT, Optional<Instant> connectedAt, Optional<Instant> lastSeen, long uptimeMinutes) {}
}
