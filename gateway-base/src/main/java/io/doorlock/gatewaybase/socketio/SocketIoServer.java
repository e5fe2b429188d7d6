package io.doorlock.gatewaybase.socketio;

import io.doorlock.base.bus.KeyedSerialExecutor;
import io.doorlock.common.json.JsonCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import io.doorlock.base.metrics.Gauges;
import io.doorlock.gatewaybase.connection.InboundGate;
import io.doorlock.gatewaybase.connection.RefusedFrames;
import io.doorlock.gatewaybase.connection.WebSocketClientConnection;
import io.micrometer.core.instrument.Tags;
import io.quarkus.websockets.next.CloseReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The gateway's Socket.IO endpoint {@code /socket.io/}: Engine.IO v4 sessions over HTTP long-polling (with the
 * upgrade to WebSocket that socket.io-client does by default) or straight over WebSocket ({@link SocketIoEndpoint}),
 * each carrying one Socket.IO client on the main namespace ({@link SocketIoConnection}) served by the gateway's
 * {@link SocketIoBinding}.
 *
 * <p>A session's packets are handed to the binding one at a time, in arrival order, on worker threads (the handlers
 * block on the database and the broker), whichever transport they came by.
 */
@ApplicationScoped
public class SocketIoServer {

    private static final Logger LOG = Logger.getLogger(SocketIoServer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Instance<SocketIoBinding> bindings;
    private final SocketIoConfig config;
    /** Sessions whose Socket.IO client has not connected yet: they count against the gateway's admission. */
    private final Set<String> waitingForClient = ConcurrentHashMap.newKeySet();
    private final Vertx vertx;
    private final JsonCodec codec;
    private final MeterRegistry metrics;
    private final RefusedFrames refusals;
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, SocketIoConnection> sockets = new ConcurrentHashMap<>();
    /** WebSockets by connection id: the session they carry, or are probing for an upgrade. */
    private final Map<String, EngineSession> byWebSocket = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final KeyedSerialExecutor inbound;

    public SocketIoServer(Instance<SocketIoBinding> bindings, SocketIoConfig config, Vertx vertx, JsonCodec codec, MeterRegistry metrics,
            RefusedFrames refusals, Gauges gauges) {
        this.bindings = bindings;
        this.config = config;
        this.vertx = vertx;
        this.codec = codec;
        this.metrics = metrics;
        this.refusals = refusals;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, config.workers()), r -> {
            Thread t = new Thread(r, "socketio-worker-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.inbound = new KeyedSerialExecutor(pool, (sid, e) -> LOG.errorf(e, "socket.io session %s: handling a packet failed", sid));
        gauges.register("doorlock_socketio_sessions", Tags.empty(), sessions, Map::size);
    }

    boolean enabled() {
        return config.enabled() && bindings.isResolvable();
    }

    /** The polling transport, ahead of the WebSocket endpoint on the same path (which takes the upgrades). */
    void routes(@Observes Router router) {
        if (!enabled()) {
            return;
        }
        router.route("/socket.io/").order(-1000).handler(this::http);
    }

    private void http(RoutingContext context) {
        if ("websocket".equalsIgnoreCase(context.request().getHeader(HttpHeaders.UPGRADE))) {
            context.next();
            return;
        }
        boolean crossOriginAllowed = cors(context);
        if (context.request().method() == HttpMethod.OPTIONS) {
            // A preflight: answered for allowed origins, refused (no CORS headers) for the others.
            if (crossOriginAllowed) {
                String asked = context.request().getHeader("Access-Control-Request-Headers");
                context.response().putHeader("Access-Control-Allow-Methods", "GET, POST")
                        .putHeader("Access-Control-Allow-Headers", asked != null ? asked : "content-type, authorization")
                        .putHeader("Access-Control-Max-Age", "600");
            }
            context.response().setStatusCode(204).end();
            return;
        }
        if (!"4".equals(context.request().getParam("EIO"))) {
            error(context, 400, 5, "Unsupported protocol version");
            return;
        }
        if (!"polling".equals(context.request().getParam("transport"))) {
            error(context, 400, 0, "Transport unknown");
            return;
        }
        String sid = context.request().getParam("sid");
        if (sid == null) {
            if (context.request().method() != HttpMethod.GET) {
                error(context, 400, 3, "Bad request");
                return;
            }
            OptionalLong retryAfter = bindings.get().refuseNewSession(waitingForClient.size());
            if (retryAfter.isPresent()) {
                context.response().putHeader("Retry-After", Long.toString(retryAfter.getAsLong()));
                error(context, 503, 0, "Service unavailable: try again later");
                return;
            }
            EngineSession session = open(handshake(context));
            context.response().putHeader("Content-Type", "text/plain; charset=UTF-8").end(session.openPacket(true));
            return;
        }
        EngineSession session = sessions.get(sid);
        if (session == null || (session.isClosed() && context.request().method() != HttpMethod.GET)) {
            error(context, 400, 1, "Session ID unknown");
            return;
        }
        if (context.request().method() == HttpMethod.GET) {
            session.poll(context);
        } else if (context.request().method() == HttpMethod.POST) {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && length.length() < 12 && Long.parseLong(length.replaceAll("[^0-9]", "0")) > config.maxPayload()) {
                error(context, 413, 3, "Payload too large");
                session.close();
                return;
            }
            context.request().body().onSuccess(body -> {
                if (body.length() > config.maxPayload()) {
                    error(context, 413, 3, "Payload too large");
                    session.close();
                    return;
                }
                for (String packet : body.toString(StandardCharsets.UTF_8).split(String.valueOf(EngineSession.SEPARATOR))) {
                    onEnginePacket(session, packet, Optional.empty());
                }
                context.response().putHeader("Content-Type", "text/html").end("ok");
            }).onFailure(e -> error(context, 400, 3, "Bad request"));
            context.request().resume(); // Quarkus hands the request over paused
        } else {
            error(context, 400, 3, "Bad request");
        }
    }

    // ---- the WebSocket transport ({@link SocketIoEndpoint}) ----

    void onWebSocketOpen(WebSocketConnection socket) {
        Optional<String> sid = Optional.ofNullable(socket.handshakeRequest().query())
                .flatMap(q -> WebSocketClientConnection.query(q, "sid"));
        if (!enabled() || !"4".equals(WebSocketClientConnection.query(socket.handshakeRequest().query(), "EIO").orElse(""))) {
            socket.close(new CloseReason(1002, "unsupported protocol version")).subscribe().with(v -> { }, e -> { });
            return;
        }
        if (sid.isPresent()) {
            EngineSession session = sessions.get(sid.get());
            if (session == null || session.isClosed() || !session.isPolling()) {
                socket.close(new CloseReason(1008, "Session ID unknown")).subscribe().with(v -> { }, e -> { });
                return;
            }
            byWebSocket.put(socket.id(), session); // probing; the session moves over on "5"
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        socket.handshakeRequest().headers().forEach((name, values) -> headers.put(name, values.isEmpty() ? "" : values.get(0)));
        EngineSession session = open(new EngineSession.Handshake(headers, socket.handshakeRequest().query(),
                Optional.ofNullable(socket.handshakeRequest().remoteAddress())));
        session.useWebSocket(socket);
        byWebSocket.put(socket.id(), session);
        session.send(session.openPacket(false));
    }

    void onWebSocketText(WebSocketConnection socket, String text) {
        EngineSession session = byWebSocket.get(socket.id());
        if (session == null) {
            return;
        }
        if (text.length() > config.maxPayload() || text.getBytes(StandardCharsets.UTF_8).length > config.maxPayload()) {
            session.close();
            return;
        }
        onEnginePacket(session, text, Optional.of(socket));
    }

    void onWebSocketClose(WebSocketConnection socket) {
        EngineSession session = byWebSocket.remove(socket.id());
        if (session != null && session.uses(socket)) {
            session.close();
        } else if (session != null) {
            session.probeClosed(socket);
        }
    }

    // ---- Engine.IO packets, whatever the transport ----

    private void onEnginePacket(EngineSession session, String packet, Optional<WebSocketConnection> via) {
        if (packet.isEmpty()) {
            return;
        }
        if (via.isPresent() && !session.uses(via.get()) && !"2probe".equals(packet) && !"5".equals(packet)) {
            return; // a probe WebSocket may only probe and upgrade
        }
        switch (packet.charAt(0)) {
            case '2' -> {
                // a client ping: only the upgrade probe ("2probe") is expected in Engine.IO v4
                String answer = "3" + packet.substring(1);
                via.ifPresentOrElse(ws -> {
                    ws.sendText(answer).subscribe().with(v -> { }, e -> { });
                    if ("2probe".equals(packet) && !session.uses(ws)) {
                        session.probed(ws);
                    }
                }, () -> session.send(answer));
            }
            case '3' -> session.pong();
            case '4' -> {
                SocketIoConnection socket = sockets.get(session.sid);
                if (socket != null) {
                    String message = packet.substring(1);
                    // Checked on arrival: over the client's rate, or with too many of its packets still waiting for
                    // the handler, the packet is answered at once and the session stays (never ended silently).
                    InboundGate.Verdict verdict = socket.gate().arrive();
                    if (verdict != InboundGate.Verdict.HANDLE) {
                        socket.refuse(message, verdict, refusals);
                        return;
                    }
                    inbound.submit(session.sid, () -> {
                        try {
                            socket.onPacket(message);
                        } finally {
                            socket.gate().handled();
                        }
                    });
                }
            }
            case '5' -> via.ifPresent(session::upgrade);
            case '1' -> session.close();
            default -> { } // 6 noop
        }
    }

    private EngineSession open(EngineSession.Handshake handshake) {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        String sid = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        EngineSession session = new EngineSession(sid, handshake, vertx, config, this::closed);
        waitingForClient.add(sid);
        SocketIoConnection socket = new SocketIoConnection(session, bindings.get(), codec.mapper(), () -> waitingForClient.remove(sid));
        sessions.put(sid, session);
        sockets.put(sid, socket);
        session.startHeartbeat();
        // A session that never connects a Socket.IO client (no CONNECT, or never answered) does not stay.
        vertx.setTimer(config.connectTimeout().toMillis(), t -> {
            if (!socket.isConnected()) {
                session.close();
            }
        });
        metrics.counter("doorlock_socketio_sessions_opened_total", "transport", handshake.query() == null ? "?" 
                : handshake.query().contains("transport=websocket") ? "websocket" : "polling").increment();
        return session;
    }

    private void closed(EngineSession session) {
        waitingForClient.remove(session.sid);
        // Kept a little longer for polling clients: their next poll still collects what was said before the close.
        vertx.setTimer(config.pingTimeout().toMillis(), t -> sessions.remove(session.sid, session));
        SocketIoConnection socket = sockets.remove(session.sid);
        if (socket != null) {
            inbound.submit(session.sid, socket::onEngineClosed);
        }
    }

    /** Sessions whose client has not connected yet, for {@link SocketIoAdmission}. */
    int waitingForClient() {
        return waitingForClient.size();
    }

    /**
     * CORS for the polling transport: a request whose {@code Origin} is in {@code cors-origins} is answered with
     * {@code Access-Control-Allow-Origin} naming it, with credentials (socket.io-client's {@code withCredentials}).
     * True when the origin may make the request.
     */
    private boolean cors(RoutingContext context) {
        String origin = context.request().getHeader("Origin");
        List<String> allowed = config.corsOrigins().orElse(List.of());
        if (origin == null) {
            return false;
        }
        if (allowed.contains(origin)) {
            context.response().putHeader("Access-Control-Allow-Origin", origin)
                    .putHeader("Access-Control-Allow-Credentials", "true")
                    .putHeader("Vary", "Origin");
            return true;
        }
        if (allowed.contains("*")) {
            // Any origin, but never with credentials: a browser then sends no cookies and reads nothing private.
            context.response().putHeader("Access-Control-Allow-Origin", "*");
            return true;
        }
        return false;
    }

    private static EngineSession.Handshake handshake(RoutingContext context) {
        Map<String, String> headers = new LinkedHashMap<>();
        context.request().headers().forEach(h -> headers.putIfAbsent(h.getKey(), h.getValue()));
        return new EngineSession.Handshake(headers, context.request().query(),
                Optional.ofNullable(context.request().remoteAddress()).map(Object::toString));
    }

    private static void error(RoutingContext context, int status, int code, String message) {
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
    }

    @PreDestroy
    void stop() {
        sessions.values().forEach(EngineSession::close);
        pool.shutdown();
    }
}
