package io.doorlock.gatewaybase.socketio;

import io.doorlock.gatewaybase.connection.AdmissionAnswer;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Refuses the WebSocket upgrade of a <em>new</em> Socket.IO session with HTTP 503 and {@code Retry-After} when the
 * gateway's binding says so ({@link SocketIoBinding#refuseNewSession(int)}), before any session state exists: the same
 * admission the polling transport applies to its handshake. Upgrades of existing (polling) sessions carry their
 * {@code sid} and always pass.
 */
@ApplicationScoped
public class SocketIoAdmission implements HttpUpgradeCheck {

    private final Instance<SocketIoBinding> bindings;
    private final SocketIoServer server;

    public SocketIoAdmission(Instance<SocketIoBinding> bindings, SocketIoServer server) {
        this.bindings = bindings;
        this.server = server;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return SocketIoEndpoint.ENDPOINT_ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        // A non-empty sid is an upgrade of a session (an unknown one is closed with 1008 and opens nothing); an absent
        // or empty sid opens a new session, and meets the admission.
        String sid = context.httpRequest().getParam("sid");
        if ((sid != null && !sid.isEmpty()) || !bindings.isResolvable()) {
            return CheckResult.permitUpgrade();
        }
        return AdmissionAnswer.of(bindings.get().refuseNewSession(server.waitingForClient()));
    }
}
