package io.doorlock.gatewaybase.connection;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A plain websockets-next connection as a {@link ClientConnection}. */
public record WebSocketClientConnection(WebSocketConnection connection) implements ClientConnection {

    public static ClientConnection of(WebSocketConnection connection) {
        return new WebSocketClientConnection(connection);
    }

    @Override
    public String id() {
        return connection.id();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public Uni<Void> sendText(String frame) {
        return connection.sendText(frame);
    }

    @Override
    public Uni<Void> close(CloseReason reason) {
        return connection.close(reason);
    }

    @Override
    public Optional<CloseReason> closeReason() {
        return Optional.ofNullable(connection.closeReason());
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(connection.handshakeRequest().header(name));
    }

    @Override
    public Optional<String> queryParam(String name) {
        return query(connection.handshakeRequest().query(), name);
    }

    @Override
    public Optional<String> remoteAddress() {
        return Optional.ofNullable(connection.handshakeRequest().remoteAddress());
    }

    @Override
    public String protocol() {
        return "websocket";
    }

    /** The first value of {@code name} in a raw query string, URL-decoded; empty when absent or blank. */
    public static Optional<String> query(String query, String name) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
