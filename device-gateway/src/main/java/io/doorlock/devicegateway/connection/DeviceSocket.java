package io.doorlock.devicegateway.connection;

import io.doorlock.gatewaybase.connection.ClientSocket;
import io.doorlock.gatewaybase.connection.WebSocketInbound;
import io.smallrye.mutiny.Uni;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** {@code /ws/device}: the device WebSocket, a {@link ClientSocket} over {@link DeviceConnectionHandler}. */
@WebSocket(path = "/ws/device", endpointId = DeviceSocket.ENDPOINT_ID)
public class DeviceSocket extends ClientSocket {

    /** The endpoint id, for {@link HandshakeAdmission}. */
    public static final String ENDPOINT_ID = "device";

    public DeviceSocket(DeviceConnectionHandler handler, WebSocketInbound inbound) {
        super("device", handler, inbound);
    }

    /** Binary frames are read as UTF-8 JSON, like MQTT payloads. */
    @OnBinaryMessage
    public Uni<Void> onBinary(Buffer bytes, WebSocketConnection connection) {
        return frame(connection, bytes.toString(StandardCharsets.UTF_8));
    }
}
