package io.doorlock.dashboardgateway.registry;

import io.doorlock.common.id.Ids;
import io.doorlock.dashboardgateway.access.Permission;
import io.doorlock.dashboardgateway.api.ApiException;
import io.doorlock.dashboardgateway.api.ApiResponse;
import io.doorlock.dashboardgateway.commandkey.PlatformCommandKey;
import io.doorlock.dashboardgateway.auth.CurrentUser;
import io.doorlock.dashboardgateway.auth.UserPrincipal;
import io.doorlock.dashboardgateway.presence.DevicePresence;
import io.doorlock.dashboardgateway.user.UserDocument;
import io.doorlock.dashboardgateway.user.UserRepository;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.types.ObjectId;
import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.common.dashboard.PresenceStatus;
import io.doorlock.common.device.DeviceTokenHash;
import io.doorlock.dashboardgateway.access.DeviceAccess;
import io.doorlock.dashboardgateway.command.CommandHistory;
import io.doorlock.dashboardgateway.command.CommandHistoryResource;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import java.time.temporal.ChronoUnit;

/**
 * {@code /api/device}: the seed's device routes plus sharing and token rotation. Every route checks the caller's
 * permission before it changes anything; a device the caller may not see answers 403 exactly like one that does
 * not exist.
 */
@Path("/api/device")
@Authenticated
@Blocking
public class DeviceResource {

    static final String NO_ACCESS = "no access to device";

    private final DeviceRepository devices;
    private final UserRepository users;
    private final CurrentUser currentUser;
    private final DevicePresence presence;
    private final RegistryPublisher registry;
    private final BrokerProvisioner broker;
    private final CommandHistory commandHistory;
    private final DeviceAccess access;
    private final PlatformCommandKey commandKey;

    public DeviceResource(DeviceRepository devices, UserRepository users, CurrentUser currentUser, DevicePresence presence,
            RegistryPublisher registry, BrokerProvisioner broker, CommandHistory commandHistory,
            DeviceAccess access, PlatformCommandKey commandKey) {
        this.devices = devices;
        this.users = users;
        this.currentUser = currentUser;
        this.presence = presence;
        this.registry = registry;
        this.broker = broker;
        this.commandHistory = commandHistory;
        this.access = access;
        this.commandKey = commandKey;
    }

    /** Registers a device owned by the caller; the device token is in this answer and never again. */
    @POST
    @Path("/register")
    public Response register(@Valid @NotNull DeviceRequests.Register body) {
        UserPrincipal user = currentUser.require();
        String token = DeviceTokens.newToken();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS); // what MongoDB stores
        DeviceDocument device = new DeviceDocument();
        device.id = new ObjectId().toHexString();
        device.name = body.name().trim();
        device.espId = body.espId();
        device.deviceType = body.deviceType();
        device.userId = user.userId();
        device.tokenSha256 = DeviceTokenHash.of(token);
        device.createdAt = now;
        device.updatedAt = now;
        if (!devices.create(device)) {
            throw ApiException.conflict("espId " + body.espId() + " is already registered");
        }
        // The token is shown only here, so a failure to tell the gateways or the broker never turns into an error
        // that would lose it: the answer says what is pending, and rotating the token repeats both steps.
        Optional<String> warning = warn(() -> registry.publish(device), "the gateways were not told yet; rotate the token to retry")
                .or(() -> warn(() -> broker.provision(device.id, token), "MQTT credentials not set yet; rotate the token to retry"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", device.id);
        data.put("_id", device.id);
        data.put("name", device.name);
        data.put("espId", device.espId);
        data.put("deviceType", device.deviceType);
        data.put("userId", device.userId);
        data.put("sharedWith", List.of());
        data.put("deviceToken", token);
        // What the firmware is provisioned with besides its token: the key it checks every command with.
        commandKey.get().ifPresent(key -> data.put("commandKey", key));
        data.put("status", "offline");
        data.put("createdAt", now.toString());
        data.put("userPermissions", List.of("view", "control", "admin"));
        String message = "device registered; store the deviceToken, it is shown only once" + warning.map(w -> "; " + w).orElse("");
        return Response.status(201).entity(ApiResponse.ok(message, data)).build();
    }

    /** The caller's own and shared devices (every device for a platform admin). */
    @GET
    public ApiResponse<List<DeviceView>> list() {
        UserPrincipal user = currentUser.require();
        List<DeviceDocument> visible = user.isAdmin() ? devices.findAllDevices() : devices.findByUser(user.userId());
        List<DeviceView> views = visible.stream()
                .map(d -> DeviceView.of(d, user, RegistryPermissions.of(d, user).orElseThrow(), presence.statusOf(d.id)))
                .toList();
        return ApiResponse.ok(views.size() + " devices", views);
    }

    @GET
    @Path("/stats")
    public ApiResponse<Map<String, Object>> stats() {
        UserPrincipal user = currentUser.require();
        List<DeviceDocument> visible = user.isAdmin() ? devices.findAllDevices() : devices.findByUser(user.userId());
        long online = visible.stream().filter(d -> presence.statusOf(d.id).status() == PresenceStatus.ONLINE).count();
        long owned = visible.stream().filter(d -> d.userId.equals(user.userId())).count();
        long shared = visible.stream().filter(d -> d.sharedWith.stream().anyMatch(s -> s.userId.equals(user.userId()))).count();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("total", visible.size());
        data.put("online", online);
        data.put("offline", visible.size() - online);
        data.put("owned", owned);
        data.put("shared", shared);
        return ApiResponse.ok("device statistics", data);
    }

    @GET
    @Path("/{id}")
    public ApiResponse<DeviceView> get(@PathParam("id") String id) {
        UserPrincipal user = currentUser.require();
        Access access = require(id, user, Permission.VIEW);
        return ApiResponse.ok("device", DeviceView.of(access.device(), user, access.permission(), presence.statusOf(id)));
    }

    /** The device's commands, newest first, paged; needs view permission. */
    @GET
    @Path("/{id}/commands")
    public ApiResponse<CommandHistory.Page> commands(@PathParam("id") String id,
            @QueryParam("status") String status, @QueryParam("page") @DefaultValue("1") int page,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        UserPrincipal user = currentUser.require();
        CommandHistoryResource.checkPaging(page, limit, status);
        if (!access.allows(user, id, Permission.VIEW)) {
            throw ApiException.forbidden(NO_ACCESS);
        }
        return ApiResponse.ok("command history", commandHistory.page(Optional.of(List.of(id)), Optional.ofNullable(status), page, limit));
    }

    @PUT
    @Path("/{id}")
    public ApiResponse<DeviceView> update(@PathParam("id") String id, @Valid @NotNull DeviceRequests.Update body) {
        UserPrincipal user = currentUser.require();
        Access access = require(id, user, Permission.CONTROL);
        DeviceDocument updated = devices.update(id, body.name().map(String::trim), body.deviceType(), Instant.now())
                .orElseThrow(() -> ApiException.forbidden(NO_ACCESS));
        inform(() -> registry.publish(updated), "the device was updated but the gateways were not told yet");
        return ApiResponse.ok("device updated", DeviceView.of(updated, user, access.permission(), presence.statusOf(id)));
    }

    /** Only the owner may delete. */
    @DELETE
    @Path("/{id}")
    public ApiResponse<Void> delete(@PathParam("id") String id) {
        UserPrincipal user = currentUser.require();
        requireOwner(id, user);
        // Credentials go first, the registry row last: after a 503 the device still exists and DELETE can be retried.
        inform(() -> registry.remove(id), "the device could not be deleted now (gateways not reachable); retry");
        inform(() -> broker.remove(id), "the device could not be deleted now (broker not reachable); retry");
        devices.deleteOwned(id, user.userId()).orElseThrow(() -> ApiException.forbidden(NO_ACCESS));
        // Once more after the row is gone: a concurrent update may have re-published the record in between.
        Optional<String> warning = warn(() -> registry.remove(id), "the gateways were told, but a final confirmation failed");
        return ApiResponse.ok(warning.map(w -> "device deleted; " + w).orElse("device deleted"), null);
    }

    /**
     * Only the owner may share. {@code control} implies {@code view}; {@code admin} implies both and lets the guest
     * change the device itself (settings, restart, firmware), but never makes the guest an owner.
     */
    @POST
    @Path("/{id}/share")
    public ApiResponse<DeviceView> share(@PathParam("id") String id, @Valid @NotNull DeviceRequests.Share body) {
        UserPrincipal user = currentUser.require();
        Access access = requireOwner(id, user);
        UserDocument target = body.userId().flatMap(users::findByIdOptional)
                .or(() -> body.username().flatMap(users::findByUsername))
                .orElseThrow(() -> new ApiException(404, "user not found"));
        if (target.id.equals(access.device().userId)) {
            throw ApiException.badRequest("the owner already has every permission");
        }
        List<String> permissions = Permission.highestOf(body.permissions()).granted().stream().map(Permission::wireName).toList();
        DeviceDocument updated = devices.share(id, target.id, target.username, permissions, Instant.now()).orElseThrow(() -> ApiException.forbidden(NO_ACCESS));
        return ApiResponse.ok("device shared with " + target.username, DeviceView.of(updated, user, access.permission(), presence.statusOf(id)));
    }

    @DELETE
    @Path("/{id}/share/{userId}")
    public ApiResponse<DeviceView> unshare(@PathParam("id") String id, @PathParam("userId") String userId) {
        UserPrincipal user = currentUser.require();
        Access access = requireOwner(id, user);
        DeviceDocument updated = devices.unshare(id, userId, Instant.now()).orElseThrow(() -> ApiException.forbidden(NO_ACCESS));
        return ApiResponse.ok("share removed", DeviceView.of(updated, user, access.permission(), presence.statusOf(id)));
    }

    /** Only the owner may rotate. The new token is in this answer and never again; the old one stops working. */
    @POST
    @Path("/{id}/token/rotate")
    public ApiResponse<Map<String, Object>> rotate(@PathParam("id") String id) {
        UserPrincipal user = currentUser.require();
        requireOwner(id, user);
        String token = DeviceTokens.newToken();
        DeviceDocument rotated = devices.rotateToken(id, user.userId(), DeviceTokenHash.of(token), Instant.now())
                .orElseThrow(() -> ApiException.forbidden(NO_ACCESS));
        Optional<String> warning = warn(() -> registry.publish(rotated), "the gateways were not told yet; rotate again to retry")
                .or(() -> warn(() -> broker.rotate(id, token), "the MQTT broker was not told yet; rotate again to retry"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        data.put("deviceToken", token);
        return ApiResponse.ok("device token rotated; store the new deviceToken, it is shown only once" + warning.map(w -> "; " + w).orElse(""), data);
    }

    /** The registry is the truth; if the gateways cannot be told now, the caller hears so (503) and may retry. */
    private static void inform(Runnable publish, String message) {
        try {
            publish.run();
        } catch (BusUnavailableException | BrokerProvisioner.ProvisioningException e) {
            throw new ApiException(503, message);
        }
    }

    /** Like {@link #inform} but reports the failure as a warning for the answer instead of failing the request. */
    private static Optional<String> warn(Runnable publish, String message) {
        try {
            publish.run();
            return Optional.empty();
        } catch (BusUnavailableException | BrokerProvisioner.ProvisioningException e) {
            return Optional.of(message);
        }
    }

    private record Access(DeviceDocument device, Permission permission) {}

    private Access require(String id, UserPrincipal user, Permission needed) {
        Optional<DeviceDocument> device = Ids.isValidId(id) ? devices.findByIdOptional(id) : Optional.empty();
        Optional<Permission> permission = device.flatMap(d -> RegistryPermissions.of(d, user));
        if (permission.isEmpty()) {
            throw ApiException.forbidden(NO_ACCESS);
        }
        if (!permission.get().granted().contains(needed)) {
            throw ApiException.forbidden("view-only access");
        }
        return new Access(device.get(), permission.get());
    }

    /** Deleting, sharing and rotating the token are the owner's, whatever share a guest holds. */
    private Access requireOwner(String id, UserPrincipal user) {
        Access access = require(id, user, Permission.VIEW);
        if (!RegistryPermissions.isOwner(access.device(), user)) {
            throw ApiException.forbidden("only the owner may do this");
        }
        return access;
    }
}
