package io.doorlock.dashboardgateway.visitor;

import io.doorlock.dashboardgateway.access.DeviceAccess;
import io.doorlock.dashboardgateway.api.ApiException;
import io.doorlock.dashboardgateway.api.ApiResponse;
import io.doorlock.dashboardgateway.auth.CurrentUser;
import io.doorlock.dashboardgateway.auth.UserPrincipal;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * {@code /api/door}: the seed's visitor log routes, scoped to the caller's devices (every device for a platform
 * admin). A visitor of a device the caller may not view answers exactly like one that does not exist (403).
 */
@Path("/api/door")
@Authenticated
@Blocking
public class VisitorResource {

    static final Set<String> STATES = Set.of("pending", "granted", "denied", "expired");
    static final String NO_ACCESS = "no access to visitor";

    private final VisitorStore store;
    private final DeviceAccess access;
    private final CurrentUser currentUser;

    public VisitorResource(VisitorStore store, DeviceAccess access, CurrentUser currentUser) {
        this.store = store;
        this.access = access;
        this.currentUser = currentUser;
    }

    @GET
    @Path("/logs")
    public ApiResponse<VisitorStore.Page> logs(@QueryParam("status") String status, @QueryParam("deviceId") String deviceId,
            @QueryParam("page") @DefaultValue("1") int page, @QueryParam("limit") @DefaultValue("20") int limit) {
        UserPrincipal user = currentUser.require();
        if (page < 1 || page > 10_000 || limit < 1 || limit > 100) {
            throw ApiException.badRequest("page must be between 1 and 10000 and limit between 1 and 100");
        }
        if (status != null && !STATES.contains(status)) {
            throw ApiException.badRequest("status must be one of " + STATES);
        }
        return ApiResponse.ok("visitor logs", store.page(scope(user, Optional.ofNullable(deviceId)), Optional.ofNullable(status), page, limit));
    }

    @GET
    @Path("/logs/pending")
    public ApiResponse<VisitorStore.Page> pending(@QueryParam("deviceId") String deviceId) {
        UserPrincipal user = currentUser.require();
        return ApiResponse.ok("pending visitors", store.page(scope(user, Optional.ofNullable(deviceId)), Optional.of("pending"), 1, 100));
    }

    @GET
    @Path("/logs/{id}")
    public ApiResponse<VisitorLog.View> log(@PathParam("id") String id) {
        return ApiResponse.ok("visitor log", visible(id).view());
    }

    @GET
    @Path("/logs/{id}/image")
    public Response image(@PathParam("id") String id) {
        VisitorLog visitor = visible(id);
        byte[] bytes = store.image(visitor.imageId()).orElseThrow(() -> new ApiException(404, "the photo is gone"));
        return Response.ok(bytes, visitor.contentType()).header("Cache-Control", "private, max-age=300")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    @GET
    @Path("/stats")
    public ApiResponse<Map<String, Object>> stats() {
        UserPrincipal user = currentUser.require();
        Instant now = Instant.now();
        Optional<Collection<String>> scope = scope(user, Optional.empty());
        Document day = store.stats(scope, now.minus(Duration.ofDays(1)));
        Document all = store.stats(scope, Instant.EPOCH);
        return ApiResponse.ok("visitor statistics", Map.of("last24h", day, "total", all));
    }

    private VisitorLog visible(String id) {
        UserPrincipal user = currentUser.require();
        return store.find(id).filter(v -> access.permissionOf(user, v.deviceId()).isPresent())
                .orElseThrow(() -> ApiException.forbidden(NO_ACCESS));
    }

    /** The devices whose visitors the caller may see: empty means all (admin, no filter). */
    private Optional<Collection<String>> scope(UserPrincipal user, Optional<String> deviceId) {
        if (deviceId.isPresent()) {
            if (access.permissionOf(user, deviceId.get()).isEmpty()) {
                throw ApiException.forbidden("no access to device");
            }
            return Optional.of(List.of(deviceId.get()));
        }
        return user.isAdmin() ? Optional.empty() : Optional.of(access.visibleTo(user));
    }
}
