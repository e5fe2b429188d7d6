package io.doorlock.gatewaybase.socketio;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The Socket.IO endpoint {@code /socket.io/} of a gateway (Engine.IO v4, Socket.IO v5). */
@ConfigMapping(prefix = "doorlock.socketio")
public interface SocketIoConfig {

    /** Serve Socket.IO clients at all. */
    @WithDefault("true")
    boolean enabled();

    /** How often the server pings (Engine.IO {@code pingInterval}); the client answers each ping with a pong. */
    @WithDefault("25s")
    Duration pingInterval();

    /** How long the server waits for the pong before it closes the session ({@code pingTimeout}). */
    @WithDefault("20s")
    Duration pingTimeout();

    /** How long a session may stay without a connected Socket.IO client (CONNECT answered) before it is closed. */
    @WithDefault("45s")
    Duration connectTimeout();

    /** Largest Engine.IO message or polling request body accepted, in bytes ({@code maxPayload}). */
    @WithDefault("65536")
    int maxPayload();

    /**
     * Browser origins ({@code https://app.example.com}) whose pages may use the polling transport across origins: they
     * get {@code Access-Control-Allow-Origin} (with credentials) and preflight answers. None by default, so no CORS
     * headers are sent; WebSockets are not subject to CORS either way. {@code *} allows every other origin without
     * credentials ({@code Access-Control-Allow-Origin: *}).
     */
    Optional<List<String>> corsOrigins();

    /** Threads that run the gateway's handler for Socket.IO sessions (one session's packets stay in order). */
    @WithDefault("16")
    int workers();
}
