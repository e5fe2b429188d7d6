package io.doorlock.gatewaybase.socketio;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Refuses the WebSocket upgrade of a <em>new</em> Socket.IO session with HTTP 503 and {@code Retry-After} when the
 * gateway's binding says so ({@link SocketIoBinding#refuseNewSession()}), before any session state exists: the same
 * admission the polling transport applies to its handshake. Upgrades of existing (polling) sessions carry their
 * {@code sid} and always pass.
 */
@ApplicationScoped
public class SocketIoAdmission implements HttpUpgradeCheck {

    private final Instance<SocketIoBinding> bindings;

    public SocketIoAdmission(Instance<SocketIoBinding> bindings) {
        this.bindings = bindings;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return SocketIoEndpoint.ENDPOINT_ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String query = context.httpRequest().query();
        boolean existing = query != null && (query.startsWith("sid=") || query.contains("&sid="));
        if (existing || !bindings.isResolvable()) {
            return CheckResult.permitUpgrade();
        }
        OptionalLong retryAfter = bindings.get().refuseNewSession();
        if (retryAfter.isEmpty()) {
            return CheckResult.permitUpgrade();
        }
        return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of(Long.toString(retryAfter.getAsLong()))));
    }
}
