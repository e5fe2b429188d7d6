package io.doorlock.devicegateway.connection;

import io.doorlock.gatewaybase.connection.ConnectionFailures;
import io.doorlock.gatewaybase.connection.WebSocketClientConnection;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** {@code /ws/device}: the device WebSocket. A thin adapter over {@link DeviceConnectionHandler}. */
@WebSocket(path = "/ws/device", endpointId = DeviceSocket.ENDPOINT_ID)
public class DeviceSocket {

    /** The endpoint id, for {@link HandshakeAdmission}. */
    public static final String ENDPOINT_ID = "device";

    private final DeviceConnectionHandler handler;

    public DeviceSocket(DeviceConnectionHandler handler) {
        this.handler = handler;
    }

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        handler.onOpen(WebSocketClientConnection.of(connection));
    }

    @OnTextMessage
    public void onText(String text, WebSocketConnection connection) {
        handler.onText(WebSocketClientConnection.of(connection), text);
    }

    /** Binary frames are read as UTF-8 JSON, like MQTT payloads. */
    @OnBinaryMessage
    public void onBinary(Buffer bytes, WebSocketConnection connection) {
        handler.onText(WebSocketClientConnection.of(connection), bytes.toString(StandardCharsets.UTF_8));
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        handler.onClose(WebSocketClientConnection.of(connection));
    }

    /** A message over the size limit closes with 1009; other failures with 1011 (see {@link ConnectionFailures}). */
    @OnError
    public void onError(WebSocketConnection connection, Throwable error) {
        ConnectionFailures.close("device", connection, error);
    }
}
