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
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code /api/audit}: the audit trail, read from audit-service behind the registry's permission checks. A device's
 * events need {@code view} on it; a command's or a flow's history needs {@code view} on every device it touched. A
 * device or history the caller may not see answers 403 exactly like one that does not exist.
 */
@Path("/api/audit")
@Authenticated
@Blocking
public class AuditResource {

    static final String NO_ACCESS = "no access to this audit trail";
    static final int MAX_LIMIT = 200;
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern HISTORY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final InternalQueries upstream;
    private final DeviceAccess access;
    private final CurrentUser currentUser;

    public AuditResource(InternalQueries upstream, DeviceAccess access, CurrentUser currentUser) {
        this.upstream = upstream;
        this.access = access;
        this.currentUser = currentUser;
    }

    /** {@code GET /api/audit/devices/{deviceId}/events?type=&from=&to=&page=&limit=}: newest first. */
    @GET
    @Path("/devices/{deviceId}/events")
    public ApiResponse<JsonNode> deviceEvents(@PathParam("deviceId") String deviceId, @QueryParam("type") List<String> types,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("page") @DefaultValue("1") int page,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        UserPrincipal user = currentUser.require();
        if (!Ids.isValidId(deviceId) || !access.allows(user, deviceId, Permission.VIEW)) {
            throw ApiException.forbidden(NO_ACCESS);
        }
        if (page < 1 || limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("page must be 1 or more and limit between 1 and " + MAX_LIMIT);
        }
        Set<String> wanted = new TreeSet<>();
        for (String t : types) {
            for (String one : t.split(",")) {
                String type = one.trim();
                if (!type.isEmpty() && !EVENT_TYPE.matcher(type).matches()) {
                    throw ApiException.badRequest("type must be an event name such as door_opened");
                }
                if (!type.isEmpty()) {
                    wanted.add(type);
                }
            }
        }
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("deviceId", deviceId);
        query.put("type", wanted);
        query.put("from", instant(from, "from"));
        query.put("to", instant(to, "to"));
        query.put("page", page);
        query.put("limit", limit);
        return ApiResponse.ok("device events", call("/internal/audit/events", query));
    }

    /** {@code GET /api/audit/commands/{commandId}}: every step of one command, oldest first. */
    @GET
    @Path("/commands/{commandId}")
    public ApiResponse<JsonNode> commandHistory(@PathParam("commandId") String commandId) {
        return ApiResponse.ok("command history", history("commandId", commandId));
    }

    /** {@code GET /api/audit/correlations/{correlationId}}: every step of one flow (e.g. doorbell to door opened), oldest first. */
    @GET
    @Path("/correlations/{correlationId}")
    public ApiResponse<JsonNode> correlationHistory(@PathParam("correlationId") String correlationId) {
        return ApiResponse.ok("correlation history", history("correlationId", correlationId));
    }

    private JsonNode history(String field, String id) {
        UserPrincipal user = currentUser.require();
        if (!HISTORY_ID.matcher(id).matches()) {
            throw ApiException.badRequest(field + " is invalid");
        }
        JsonNode events = call("/internal/audit/history", Map.of(field, id));
        if (events.isEmpty()) {
            throw ApiException.forbidden(NO_ACCESS);
        }
        for (JsonNode event : events) {
            if (!access.allows(user, event.path("deviceId").asText(), Permission.VIEW)) {
                throw ApiException.forbidden(NO_ACCESS);
            }
        }
        return events;
    }

    private JsonNode call(String path, Map<String, ?> query) {
        try {
            return upstream.audit(path, query);
        } catch (InternalQueries.Unavailable e) {
            throw ApiException.unavailable("the audit trail is not available now; try again");
        }
    }

    private static String instant(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value).toString();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }
}
