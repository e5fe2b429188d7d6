package io.doorlock.gatewaybase.socketio;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorlock.gatewaybase.connection.ClientConnection;
import java.util.Map;
import java.util.Optional;
import io.doorlock.gatewaybase.connection.ClientHandler;
import java.util.OptionalLong;

/**
 * What a gateway plugs into its Socket.IO endpoint: the same handler as its plain WebSocket, and the few things that
 * differ per gateway. One bean per gateway.
 */
public interface SocketIoBinding {

    /** The {@code clientType} this gateway serves ({@code device} or {@code dashboard}). */
    String clientType();

    /** The CONNECT_ERROR message for a client of another type, naming the right endpoint. */
    String wrongClientType(String clientType);

    /**
     * The plain protocol's {@code authenticate} data built from the CONNECT auth payload and the handshake (the
     * {@code token} query parameter); empty when the client gave no credentials this way.
     */
    Optional<ObjectNode> authenticate(ObjectNode auth, ClientConnection connection);

    /** The handler's events, renamed when they answer a client's request (e.g. {@code device_status} → {@code device_status_response}). */
    Map<String, String> replyNames();

    /**
     * Whether a new Engine.IO session may open now: empty to admit it, or the seconds the client should wait
     * ({@code Retry-After}) when the gateway is refusing new clients (a reconnect storm). Upgrades and requests of
     * sessions that already exist are never refused. {@code sessionsWaitingForClient} are this gateway's Engine.IO
     * sessions whose client has not connected yet (they wait like handshakes). Admits everything unless the gateway
     * says otherwise.
     */
    default OptionalLong refuseNewSession(int sessionsWaitingForClient) {
        return OptionalLong.empty();
    }

    /** The gateway's handler, the same one its plain WebSocket endpoint uses. */
    ClientHandler handler();
}
