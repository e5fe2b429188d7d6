package io.doorlock.dashboardgateway.session;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.gatewaybase.connection.ClientConnection;
import io.doorlock.gatewaybase.socketio.SocketIoBinding;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import io.doorlock.gatewaybase.connection.ClientHandler;

/**
 * Dashboards on Socket.IO ({@code io(url, {auth: {token, clientType: 'dashboard'}})}, as the seed's dashboards and
 * door app connect): the same {@link DashboardConnectionHandler} as {@code /ws/dashboard}. The token comes from the
 * CONNECT auth payload or the {@code token} query parameter. Answers keep the names the seed's server used:
 * {@code command_sent} for {@code send_command}, {@code device_status_response} for {@code request_device_status}.
 */
@ApplicationScoped
public class DashboardSocketIoBinding implements SocketIoBinding {

    private static final Map<String, String> REPLY_NAMES = Map.of(EventNames.COMMAND_STATUS, "command_sent",
            EventNames.DEVICE_STATUS, "device_status_response");

    private final DashboardConnectionHandler handler;

    public DashboardSocketIoBinding(DashboardConnectionHandler handler) {
        this.handler = handler;
    }

    @Override
    public String clientType() {
        return "dashboard";
    }

    @Override
    public String wrongClientType(String clientType) {
        return "this is dashboard-gateway, for dashboards; clientType '" + clientType
                + "' connects to device-gateway's /socket.io/ with auth {token, clientType: 'device', deviceId}";
    }

    @Override
    public Optional<ObjectNode> authenticate(ObjectNode auth, ClientConnection connection) {
        Optional<String> token = Optional.ofNullable(auth.get("token")).filter(n -> n.isTextual() && !n.textValue().isBlank())
                .map(n -> n.textValue()).or(() -> connection.queryParam("token"));
        return token.map(t -> JsonNodeFactory.instance.objectNode().put("token", t));
    }

    @Override
    public Map<String, String> replyNames() {
        return REPLY_NAMES;
    }

    @Override
    public ClientHandler handler() {
        return handler;
    }
}
