package io.doorlock.auditservice.query;

import io.doorlock.base.internal.InternalCaller;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import java.util.Map;

/**
 * {@code /internal/audit}: the queries dashboard-gateway makes of the audit trail, after it has checked the caller's
 * permission on the device. Service to service only (shared token, never routed by the ingress).
 */
@Path("/internal/audit")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class InternalAuditResource {

    /** Largest page. */
    static final int MAX_LIMIT = 200;

    private final TrailClearing clearing;

    private final AuditQueries queries;
    private final InternalCaller caller;

    public InternalAuditResource(AuditQueries queries, InternalCaller caller, TrailClearing clearing) {
        this.clearing = clearing;
        this.queries = queries;
        this.caller = caller;
    }

    /** {@code GET /internal/audit/events?deviceId=&type=&type=&from=&to=&page=&limit=} */
    @GET
    @Path("/events")
    public EventPage events(@HeaderParam(InternalCaller.HEADER) String token, @QueryParam("deviceId") String deviceId,
            @QueryParam("type") List<String> types, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("1") int page, @QueryParam("limit") @DefaultValue("50") int limit) {
        caller.require(token);
        if (deviceId == null || deviceId.isBlank()) {
            throw new BadRequestException("deviceId is required");
        }
        if (page < 1 || limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("page must be 1 or more and limit between 1 and " + MAX_LIMIT);
        }
        Set<String> wanted = new LinkedHashSet<>();
        types.stream().flatMap(t -> List.of(t.split(",")).stream()).map(String::trim).filter(t -> !t.isEmpty()).forEach(wanted::add);
        return queries.deviceEvents(deviceId, wanted, instant(from, "from"), instant(to, "to"), page, limit);
    }

    /**
     * {@code POST /internal/audit/events/search}: the events of a set of devices (a user's), or of every device
     * ({@code allDevices}, for platform admins), newest first. A body rather than a query string: a user may have
     * hundreds of devices.
     */
    @POST
    @Path("/events/search")
    @Consumes(MediaType.APPLICATION_JSON)
    public EventPage search(@HeaderParam(InternalCaller.HEADER) String token, EventSearch search) {
        caller.require(token);
        if (search == null || search.page() < 1 || search.limit() < 1 || search.limit() > MAX_LIMIT) {
            throw new BadRequestException("page must be 1 or more and limit between 1 and " + MAX_LIMIT);
        }
        List<String> devices = search.deviceIds() == null ? List.of() : search.deviceIds();
        if (!search.allDevices() && devices.isEmpty()) {
            return new EventPage(List.of(), search.page(), search.limit(), 0, false);
        }
        Set<String> wanted = new LinkedHashSet<>(search.types() == null ? List.of() : search.types());
        return queries.events(search.allDevices() ? Optional.empty() : Optional.of(devices), wanted, instant(search.from(), "from"),
                instant(search.to(), "to"), search.page(), search.limit());
    }

    /**
     * {@code POST /internal/audit/events/clear}: deletes the events of the given devices (or all) older than
     * {@code before} (now if absent), and records the deletion ({@link TrailClearing}). Answers {@code {deleted}}.
     */
    @POST
    @Path("/events/clear")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Long> clear(@HeaderParam(InternalCaller.HEADER) String token, ClearRequest request) {
        caller.require(token);
        if (request == null || request.requestedBy() == null || request.requestedBy().isBlank()
                || (!request.allDevices() && (request.deviceIds() == null || request.deviceIds().isEmpty()))) {
            throw new BadRequestException("requestedBy and deviceIds (or allDevices) are required");
        }
        Instant before = instant(request.before(), "before").orElse(Instant.now());
        Set<String> types = new LinkedHashSet<>(request.types() == null ? List.of() : request.types());
        long deleted = clearing.clear(request.allDevices() ? Optional.empty() : Optional.of(request.deviceIds()), types, before,
                request.requestedBy());
        return Map.of("deleted", deleted);
    }

    /** The body of {@code /events/clear}. */
    @RegisterForReflection
    public record ClearRequest(List<String> deviceIds, boolean allDevices, List<String> types, String before, String requestedBy) {}

    /** The body of {@code /events/search}. */
    @RegisterForReflection
    public record EventSearch(List<String> deviceIds, boolean allDevices, List<String> types, String from, String to, int page, int limit) {}

    /** {@code GET /internal/audit/history?commandId=} or {@code ?correlationId=}: oldest first. */
    @GET
    @Path("/history")
    public List<AuditEventView> history(@HeaderParam(InternalCaller.HEADER) String token, @QueryParam("commandId") String commandId,
            @QueryParam("correlationId") String correlationId) {
        caller.require(token);
        if ((commandId == null) == (correlationId == null)) {
            throw new BadRequestException("give exactly one of commandId and correlationId");
        }
        return commandId != null ? queries.history("commandId", commandId) : queries.history("correlationId", correlationId);
    }

    /** {@code GET /internal/audit/usage}: the seed's health metrics figures. */
    @GET
    @Path("/usage")
    public UsageFigures usage(@HeaderParam(InternalCaller.HEADER) String token) {
        caller.require(token);
        return queries.usage();
    }

    private static Optional<Instant> instant(String value, String name) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }
}
