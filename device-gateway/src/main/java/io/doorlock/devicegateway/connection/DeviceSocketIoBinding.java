package io.doorlock.devicegateway.connection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorlock.gatewaybase.connection.ClientConnection;
import io.doorlock.gatewaybase.socketio.SocketIoBinding;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import io.doorlock.gatewaybase.connection.ClientHandler;
import java.util.OptionalLong;

/**
 * Devices on Socket.IO ({@code /socket.io/}, as the seed's ESP32 firmware connects): the same
 * {@link DeviceConnectionHandler} as {@code /ws/device}. Credentials come from the CONNECT auth payload
 * {@code {token, clientType: 'device', deviceId}}, the {@code token} and {@code deviceId} query parameters, or the
 * {@code Authorization: Bearer} header with the {@code deviceId} query parameter.
 */
@ApplicationScoped
public class DeviceSocketIoBinding implements SocketIoBinding {

    private final DeviceConnectionHandler handler;
    private final HandshakeAdmission admission;

    public DeviceSocketIoBinding(DeviceConnectionHandler handler, HandshakeAdmission admission) {
        this.admission = admission;
        this.handler = handler;
    }

    /** The same bounded admission as {@code /ws/device}: a reconnect storm over Socket.IO is told when to come back. */
    @Override
    public OptionalLong refuseNewSession(int sessionsWaitingForClient) {
        return admission.refuse(sessionsWaitingForClient);
    }

    @Override
    public String clientType() {
        return "device";
    }

    @Override
    public String wrongClientType(String clientType) {
        return "this is device-gateway, for devices; clientType '" + clientType
                + "' connects to dashboard-gateway's /socket.io/ with auth {token, clientType: 'dashboard'}";
    }

    @Override
    public Optional<ObjectNode> authenticate(ObjectNode auth, ClientConnection connection) {
        Optional<String> token = text(auth, "token").or(() -> connection.queryParam("token"));
        Optional<String> deviceId = text(auth, "deviceId").or(() -> connection.queryParam("deviceId"));
        if (token.isEmpty() || deviceId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(JsonNodeFactory.instance.objectNode().put("deviceId", deviceId.get()).put("token", token.get()));
    }

    @Override
    public Map<String, String> replyNames() {
        return Map.of();
    }

    @Override
    public ClientHandler handler() {
        return handler;
    }

    private static Optional<String> text(ObjectNode node, String field) {
        return Optional.ofNullable(node.get(field)).filter(n -> n.isTextual() && !n.textValue().isBlank()).map(n -> n.textValue());
    }
}
