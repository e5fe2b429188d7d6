package io.doorlock.dashboardgateway.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.base.health.BrokerConnectionMonitor;
import io.doorlock.dashboardgateway.api.ApiException;
import io.doorlock.dashboardgateway.api.ApiResponse;
import io.doorlock.dashboardgateway.auth.CurrentUser;
import io.doorlock.dashboardgateway.registry.DeviceDocument;
import io.doorlock.dashboardgateway.registry.DeviceRepository;
import io.doorlock.dashboardgateway.push.DashboardPush;
import io.doorlock.dashboardgateway.upstream.InternalQueries;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.Document;

/**
 * The seed's health routes. {@code /api/health} is public and cheap; the others are for admins and gather the
 * platform's state: this gateway's database and bus, device presence from device-gateway, usage from audit-service.
 * {@code /api/health/detailed} answers 503 (same body) when anything it depends on is down.
 */
@Path("/api/health")
@Blocking
public class HealthResource {

    private final ProcessFacts process;
    private final BrokerConnectionMonitor broker;
    private final DashboardPush dashboards;
    private final DeviceRepository devices;
    private final InternalQueries upstream;
    private final CurrentUser currentUser;

    public HealthResource(ProcessFacts process, BrokerConnectionMonitor broker, DashboardPush dashboards, DeviceRepository devices,
            InternalQueries upstream, CurrentUser currentUser) {
        this.process = process;
        this.broker = broker;
        this.dashboards = dashboards;
        this.devices = devices;
        this.upstream = upstream;
        this.currentUser = currentUser;
    }

    @GET
    @PermitAll
    public ApiResponse<HealthReport.Basic> basic() {
        return ApiResponse.ok("ok", new HealthReport.Basic("healthy", Instant.now(), process.uptimeSeconds(), process.environment()));
    }

    @GET
    @Path("/detailed")
    @Authenticated
    public Response detailed() {
        requireAdmin();
        boolean database = process.databaseAnswers();
        boolean bus = broker.isConnected();
        Optional<List<JsonNode>> online = onlineDevices();
        boolean audit = auditAnswers();
        long total = database ? devices.count() : 0;
        List<JsonNode> connected = online.orElse(List.of());
        long onlineCount = connected.size();
        long sockets = connected.stream().filter(d -> d.path("hasWebSocket").asBoolean()).count();
        long mqtt = connected.stream().filter(d -> d.path("hasMQTT").asBoolean()).count();
        long dual = connected.stream().filter(d -> d.path("hasWebSocket").asBoolean() && d.path("hasMQTT").asBoolean()).count();
        boolean healthy = database && bus && online.isPresent() && audit;
        HealthReport.Detailed report = new HealthReport.Detailed(healthy ? "healthy" : "degraded",
                new HealthReport.Services(
                        new HealthReport.Mongo(database ? "ok" : "error", database ? "connected" : "disconnected"),
                        new HealthReport.Mqtt(bus ? "ok" : "error", bus),
                        new HealthReport.Sockets("ok", dashboards.connectionCount()),
                        new HealthReport.Upstream(online.isPresent() ? "ok" : "error"),
                        new HealthReport.Upstream(audit ? "ok" : "error")),
                new HealthReport.Devices(total, onlineCount, Math.max(0, total - onlineCount), percentage(onlineCount, total)),
                new HealthReport.Connections(onlineCount, sockets, mqtt, dual),
                process.memory());
        if (healthy) {
            return Response.ok(ApiResponse.ok("healthy", report)).build();
        }
        return Response.status(503).entity(new ApiResponse<>(false, "degraded", Optional.of(report), Optional.empty(), Instant.now())).build();
    }

    @GET
    @Path("/devices")
    @Authenticated
    public ApiResponse<HealthReport.DeviceList> devices() {
        requireAdmin();
        List<JsonNode> online = onlineDevices().orElseThrow(() -> ApiException.unavailable("device presence is not available now; try again"));
        List<String> ids = online.stream().map(d -> d.path("deviceId").asText()).toList();
        Map<String, DeviceDocument> registered = devices.list(new Document("_id", new Document("$in", ids))).stream()
                .collect(Collectors.toMap(d -> d.id, Function.identity()));
        Instant now = Instant.now();
        List<HealthReport.ConnectedDevice> list = new ArrayList<>();
        for (JsonNode d : online) {
            String id = d.path("deviceId").asText();
            Optional<DeviceDocument> doc = Optional.ofNullable(registered.get(id));
            Optional<Instant> connectedAt = instant(d, "connectedAt");
            list.add(new HealthReport.ConnectedDevice(id, doc.map(x -> x.name), doc.map(x -> x.espId), "online",
                    d.path("hasWebSocket").asBoolean(), d.path("hasMQTT").asBoolean(), connectedAt, instant(d, "lastSeen"),
                    connectedAt.map(at -> Duration.between(at, now).toMinutes()).orElse(0L)));
        }
        return ApiResponse.ok("connected devices", new HealthReport.DeviceList(list.size(), list));
    }

    @GET
    @Path("/metrics")
    @Authenticated
    public ApiResponse<JsonNode> metrics() {
        requireAdmin();
        try {
            return ApiResponse.ok("usage over the last 24 hours", upstream.audit("/internal/audit/usage", Map.of()));
        } catch (InternalQueries.Unavailable e) {
            throw ApiException.unavailable("the audit trail is not available now; try again");
        }
    }

    private void requireAdmin() {
        if (!currentUser.require().isAdmin()) {
            throw ApiException.forbidden("admin only");
        }
    }

    private Optional<List<JsonNode>> onlineDevices() {
        try {
            List<JsonNode> list = new ArrayList<>();
            upstream.deviceGateway("/internal/presence/online", Map.of()).forEach(list::add);
            return Optional.of(list);
        } catch (InternalQueries.Unavailable e) {
            return Optional.empty();
        }
    }

    private boolean auditAnswers() {
        try {
            upstream.audit("/q/health/ready", Map.of());
            return true;
        } catch (InternalQueries.Unavailable e) {
            return false;
        }
    }

    private static Optional<Instant> instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? Optional.empty() : Optional.of(Instant.parse(value.asText()));
    }

    static String percentage(long part, long total) {
        return total == 0 ? "0%" : Math.round(part * 100.0 / total) + "%";
    }
}
