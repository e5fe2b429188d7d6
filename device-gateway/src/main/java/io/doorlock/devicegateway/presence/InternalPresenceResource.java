package io.doorlock.devicegateway.presence;

import io.doorlock.base.internal.InternalCaller;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /internal/presence/online}: the devices connected now, across every replica (the shared
 * {@code presence} collection). dashboard-gateway's admin health routes join it with the registry. Service to service
 * only (shared token, never routed by the ingress).
 */
@Path("/internal/presence")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class InternalPresenceResource {

    /** The most devices one answer lists. */
    static final int LIMIT = 100_000;

    /** One connected device. */
    @RegisterForReflection
    public record OnlineDevice(String deviceId, boolean hasWebSocket, boolean hasMQTT, Optional<Instant> connectedAt, Optional<Instant> lastSeen) {}

    private final PresenceStore store;
    private final InternalCaller caller;

    public InternalPresenceResource(PresenceStore store, InternalCaller caller) {
        this.store = store;
        this.caller = caller;
    }

    @GET
    @Path("/online")
    public List<OnlineDevice> online(@HeaderParam(InternalCaller.HEADER) String token) {
        caller.require(token);
        return store.online(LIMIT).stream()
                .map(p -> new OnlineDevice(p.deviceId(), p.socket().isPresent(), p.mqtt().isPresent(), p.connectedAt(), p.lastSeen()))
                .toList();
    }
}
