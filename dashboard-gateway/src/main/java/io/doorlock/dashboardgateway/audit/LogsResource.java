package io.doorlock.dashboardgateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.id.Ids;
import io.doorlock.dashboardgateway.access.DeviceAccess;
import io.doorlock.dashboardgateway.access.Permission;
import io.doorlock.dashboardgateway.api.ApiException;
import io.doorlock.dashboardgateway.api.ApiResponse;
import io.doorlock.dashboardgateway.auth.CurrentUser;
import io.doorlock.dashboardgateway.auth.UserPrincipal;
import io.doorlock.dashboardgateway.upstream.InternalQueries;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code /api/logs}: the seed's log routes, read from the audit trail (audit-service), limited to the devices the caller
 * may view (platform admins: all). {@code data} is a page {@code {events, page, limit, total, hasMore}}, newest first;
 * each event has {@code id}, {@code deviceId}, {@code eventType}, {@code timestamp}, {@code payload}, ...
 */
@Path("/api/logs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class LogsResource {

    /** What the seed's dashboard shows as "activity": the door, its commands and its visitors. */
    static final List<String> ACTIVITY = List.of("door_status_changed", "command_requested", "command_executed", "command_failed",
            "new_visitor", "visitor_processed", "motion_detected", "snapshot_ready");
    static final List<String> VISITORS = List.of("new_visitor", "visitor_processed");
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final int MAX_LIMIT = 200;

    private final InternalQueries upstream;
    private final DeviceAccess access;
    private final CurrentUser currentUser;

    public LogsResource(InternalQueries upstream, DeviceAccess access, CurrentUser currentUser) {
        this.upstream = upstream;
        this.access = access;
        this.currentUser = currentUser;
    }

    /** {@code GET /api/logs?page=&limit=&type=}: every event of the caller's devices. */
    @GET
    public ApiResponse<JsonNode> all(@QueryParam("type") String type, @QueryParam("page") @DefaultValue("1") int page,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        return ApiResponse.ok("logs", search(type == null || type.isBlank() ? List.of() : List.of(eventType(type)), page, limit));
    }

    @GET
    @Path("/activity")
    public ApiResponse<JsonNode> activity(@QueryParam("page") @DefaultValue("1") int page, @QueryParam("limit") @DefaultValue("50") int limit) {
        return ApiResponse.ok("activity logs", search(ACTIVITY, page, limit));
    }

    @GET
    @Path("/visitors")
    public ApiResponse<JsonNode> visitors(@QueryParam("page") @DefaultValue("1") int page, @QueryParam("limit") @DefaultValue("50") int limit) {
        return ApiResponse.ok("visitor logs", search(VISITORS, page, limit));
    }

    @GET
    @Path("/type/{type}")
    public ApiResponse<JsonNode> byType(@PathParam("type") String type, @QueryParam("page") @DefaultValue("1") int page,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        return ApiResponse.ok("logs of type " + eventType(type), search(List.of(eventType(type)), page, limit));
    }

    /** {@code GET /api/logs/device/{deviceId}}: needs view permission; another user's device answers 403 like an unknown one. */
    @GET
    @Path("/device/{deviceId}")
    public ApiResponse<JsonNode> device(@PathParam("deviceId") String deviceId, @QueryParam("page") @DefaultValue("1") int page,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        UserPrincipal user = currentUser.require();
        if (!Ids.isValidId(deviceId) || !access.allows(user, deviceId, Permission.VIEW)) {
            throw ApiException.forbidden("no view permission for this device");
        }
        return ApiResponse.ok("device logs", query(List.of(deviceId), false, List.of(), page, limit));
    }

    /**
     * {@code DELETE /api/logs?deviceId=&type=&before=}: clears the logs the caller may clear, i.e. those of the devices
     * they own (a platform admin: every device; an {@code admin} share does not count: the trail outlives the share),
     * older than {@code before} (now if
     * absent), of one type if given. audit-service records each clearing as a {@code logs_cleared} event, which is
     * never cleared. 200 {@code {deleted, devices}}; 403 when there is nothing the caller may clear.
     */
    @DELETE
    public ApiResponse<Map<String, Object>> clear(@QueryParam("deviceId") String deviceId, @QueryParam("type") String type,
            @QueryParam("before") String before) {
        UserPrincipal user = currentUser.require();
        List<String> devices;
        boolean all = false;
        if (deviceId != null && !deviceId.isBlank()) {
            if (!Ids.isValidId(deviceId) || !access.owns(user, deviceId)) {
                throw ApiException.forbidden("only the owner may clear this device's logs");
            }
            devices = List.of(deviceId);
        } else if (user.isAdmin()) {
            devices = List.of();
            all = true;
        } else {
            devices = access.visibleTo(user).stream().filter(id -> access.owns(user, id)).toList();
            if (devices.isEmpty()) {
                throw ApiException.forbidden("no device whose logs you may clear (only your own devices)");
            }
        }
        if (before != null && !before.isBlank()) {
            try {
                Instant.parse(before);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("before must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deviceIds", devices);
        body.put("allDevices", all);
        body.put("types", type == null || type.isBlank() ? List.of() : List.of(eventType(type)));
        body.put("before", before == null || before.isBlank() ? null : before);
        body.put("requestedBy", user.userId());
        JsonNode answer;
        try {
            answer = upstream.auditPost("/internal/audit/events/clear", body);
        } catch (InternalQueries.Unavailable e) {
            throw ApiException.unavailable("the audit trail is not available now; nothing was cleared; try again");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deleted", answer.path("deleted").asLong());
        data.put("devices", all ? "all" : devices.size());
        return ApiResponse.ok("logs cleared", data);
    }

    /** The events of the given types on the caller's devices (for the dashboard's alerts). */
    public JsonNode ofTypes(List<String> types, int page, int limit) {
        return search(types, page, limit);
    }

    private JsonNode search(List<String> types, int page, int limit) {
        UserPrincipal user = currentUser.require();
        return query(user.isAdmin() ? List.of() : new ArrayList<>(access.visibleTo(user)), user.isAdmin(), types, page, limit);
    }

    private JsonNode query(List<String> deviceIds, boolean allDevices, List<String> types, int page, int limit) {
        if (page < 1 || limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("page must be 1 or more and limit between 1 and " + MAX_LIMIT);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deviceIds", deviceIds);
        body.put("allDevices", allDevices);
        body.put("types", types);
        body.put("page", page);
        body.put("limit", limit);
        try {
            return upstream.auditPost("/internal/audit/events/search", body);
        } catch (InternalQueries.Unavailable e) {
            throw ApiException.unavailable("the audit trail is not available now; try again");
        }
    }

    private static String eventType(String type) {
        if (!EVENT_TYPE.matcher(type).matches()) {
            throw ApiException.badRequest("type must be an event name such as door_status_changed");
        }
        return type;
    }
}
