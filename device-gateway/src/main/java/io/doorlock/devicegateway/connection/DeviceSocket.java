package io.doorlock.devicegateway.connection;

import io.doorlock.gatewaybase.connection.ClientSocket;
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

    public DeviceSocket(DeviceConnectionHandler handler) {
        super("device", handler);
    }

    /** Binary frames are read as UTF-8 JSON, like MQTT payloads. */
    @OnBinaryMessage
    public void onBinary(Buffer bytes, WebSocketConnection connection) {
        onText(bytes.toString(StandardCharsets.UTF_8), connection);
    }
}
