package io.doorlock.dashboardgateway.overview;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.dashboardgateway.access.DeviceAccess;
import io.doorlock.dashboardgateway.api.ApiException;
import io.doorlock.dashboardgateway.api.ApiResponse;
import io.doorlock.dashboardgateway.audit.LogsResource;
import io.doorlock.dashboardgateway.auth.CurrentUser;
import io.doorlock.dashboardgateway.auth.UserPrincipal;
import io.doorlock.dashboardgateway.command.CommandHistory;
import io.doorlock.dashboardgateway.registry.DeviceResource;
import io.doorlock.dashboardgateway.registry.DeviceView;
import io.doorlock.dashboardgateway.visitor.VisitorResource;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/dashboard}: the overview routes the seed's dashboard calls, composed from the registry, presence, the
 * visitor log, the command history and the audit trail. Every figure covers only the devices the caller may view (a
 * platform admin: all).
 */
@Path("/api/dashboard")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    private final DeviceResource devices;
    private final VisitorResource visitors;
    private final LogsResource logs;
    private final CommandHistory commands;
    private final DeviceAccess access;
    private final CurrentUser currentUser;

    public DashboardResource(DeviceResource devices, VisitorResource visitors, LogsResource logs, CommandHistory commands, DeviceAccess access,
            CurrentUser currentUser) {
        this.devices = devices;
        this.visitors = visitors;
        this.logs = logs;
        this.commands = commands;
        this.access = access;
        this.currentUser = currentUser;
    }

    /** {@code {devices: {total, online, offline, owned, shared}, visitors: {last24h, total}, commands: {total, failed, pending}}}. */
    @GET
    @Path("/stats")
    public ApiResponse<Map<String, Object>> stats() {
        UserPrincipal user = currentUser.require();
        Optional<Collection<String>> scope = user.isAdmin() ? Optional.empty() : Optional.of(access.visibleTo(user));
        Map<String, Object> commandFigures = new LinkedHashMap<>();
        commandFigures.put("total", commands.count(scope, List.of()));
        commandFigures.put("failed", commands.count(scope, List.of("failed")));
        commandFigures.put("pending", commands.count(scope, List.of("queued", "sent")));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("devices", devices.stats().data().orElseThrow());
        data.put("visitors", visitors.stats().data().orElseThrow());
        data.put("commands", commandFigures);
        return ApiResponse.ok("dashboard statistics", data);
    }

    /** The latest activity of the caller's devices (door, commands, visitors), newest first: {@code ?limit=} 1–200, default 20. */
    @GET
    @Path("/activity")
    public ApiResponse<JsonNode> activity(@QueryParam("limit") @DefaultValue("20") int limit) {
        return ApiResponse.ok("recent activity", logs.activity(1, limit).data().orElseThrow());
    }

    /** {@code {total, online, offline, devices: [{id, _id, name, deviceType, status, lastSeen, userPermissions}]}}. */
    @GET
    @Path("/devices-summary")
    public ApiResponse<Map<String, Object>> devicesSummary() {
        List<DeviceView> views = devices.list().data().orElseThrow();
        List<Map<String, Object>> summary = new ArrayList<>();
        for (DeviceView v : views) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("id", v.id());
            one.put("_id", v._id());
            one.put("name", v.name());
            one.put("deviceType", v.deviceType());
            one.put("status", v.status());
            one.put("lastSeen", v.lastSeen().map(Object::toString).orElse(null));
            one.put("userPermissions", v.userPermissions());
            summary.add(one);
        }
        long online = views.stream().filter(v -> "online".equals(v.status())).count();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("total", views.size());
        data.put("online", online);
        data.put("offline", views.size() - online);
        data.put("devices", summary);
        return ApiResponse.ok("devices summary", data);
    }

    /**
     * What needs attention: offline devices, and the devices' recent {@code low_battery} and {@code error_occurred}
     * events. Each alert is {@code {level: warning|error, type, deviceId, message, timestamp}}, newest events first.
     */
    @GET
    @Path("/alerts")
    public ApiResponse<List<Map<String, Object>>> alerts() {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (DeviceView v : devices.list().data().orElseThrow()) {
            if (!"online".equals(v.status())) {
                alerts.add(alert("warning", "device_offline", v.id(), v.name() + " is offline", v.lastSeen().map(Object::toString).orElse(null)));
            }
        }
        JsonNode events;
        try {
            events = logs.ofTypes(List.of("error_occurred", "low_battery"), 1, 50).path("events");
        } catch (ApiException e) {
            events = null; // the trail is away: the alerts that need no trail are still worth showing
        }
        if (events != null) {
            for (JsonNode e : events) {
                boolean error = "error_occurred".equals(e.path("eventType").asText());
                String message = error ? e.at("/payload/errorMessage").asText("device error")
                        : "battery at " + e.at("/payload/batteryLevel").asText("?") + " %";
                alerts.add(alert(error ? "error" : "warning", e.path("eventType").asText(), e.path("deviceId").asText(), message,
                        e.path("timestamp").asText(null)));
            }
        }
        return ApiResponse.ok(alerts.size() + " alerts", alerts);
    }

    private static Map<String, Object> alert(String level, String type, String deviceId, String message, String timestamp) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("level", level);
        alert.put("type", type);
        alert.put("deviceId", deviceId);
        alert.put("message", message);
        alert.put("timestamp", timestamp);
        return alert;
    }
}
