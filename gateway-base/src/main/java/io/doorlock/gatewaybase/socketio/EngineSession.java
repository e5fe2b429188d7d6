package io.doorlock.gatewaybase.socketio;

import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One Engine.IO v4 session: the transport under a Socket.IO client. It starts on HTTP long-polling or straight on a
 * WebSocket, may upgrade from polling to a WebSocket, and is kept alive by the server's pings.
 *
 * <p>Packets are text: {@code 0} open, {@code 1} close, {@code 2} ping, {@code 3} pong, {@code 4} message,
 * {@code 5} upgrade, {@code 6} noop. A polling response carries several packets separated by {@code \u001e}.
 */
final class EngineSession {

    static final char SEPARATOR = '\u001e';
    /** Packets held for a polling client that has not collected them; past this the session ends. */
    static final int MAX_QUEUED = 1000;

    /** What the client's HTTP handshake said, for the handlers (headers, query parameters, address). */
    record Handshake(Map<String, String> headers, String query, Optional<String> remoteAddress) {}

    final String sid;
    final Handshake handshake;
    private final Vertx vertx;
    private final SocketIoConfig config;
    private final Consumer<EngineSession> onClosed;

    /** Outbound packets waiting for the next poll (polling transport only). Guarded by {@code this}. */
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private RoutingContext pendingPoll;
    private WebSocketConnection socket;
    /**
     * WebSockets that answered the upgrade probe and have not upgraded (yet): while there is one, the session is
     * upgrading. Closed with the session.
     */
    private final List<WebSocketConnection> probes = new ArrayList<>();
    private boolean closed;
    private long pingTimer = -1;
    private long pongTimer = -1;

    EngineSession(String sid, Handshake handshake, Vertx vertx, SocketIoConfig config, Consumer<EngineSession> onClosed) {
        this.sid = sid;
        this.handshake = handshake;
        this.vertx = vertx;
        this.config = config;
        this.onClosed = onClosed;
    }

    /** The open packet, with {@code upgrades} as offered on this transport. */
    String openPacket(boolean offerWebSocket) {
        return "0{\"sid\":\"" + sid + "\",\"upgrades\":" + (offerWebSocket ? "[\"websocket\"]" : "[]") + ",\"pingInterval\":"
                + config.pingInterval().toMillis() + ",\"pingTimeout\":" + config.pingTimeout().toMillis() + ",\"maxPayload\":"
                + config.maxPayload() + "}";
    }

    /** Starts the server's pings: a client that does not answer one within {@code pingTimeout} is closed. */
    void startHeartbeat() {
        pingTimer = vertx.setPeriodic(config.pingInterval().toMillis(), t -> {
            // Armed before the ping goes out, so that a quick pong always finds the timer to cancel.
            synchronized (this) {
                if (pongTimer < 0) {
                    pongTimer = vertx.setTimer(config.pingTimeout().toMillis(), x -> close());
                }
            }
            send("2");
        });
    }

    synchronized void pong() {
        if (pongTimer >= 0) {
            vertx.cancelTimer(pongTimer);
            pongTimer = -1;
        }
    }

    /**
     * Sends an Engine.IO packet at once; the answer completes when a WebSocket wrote it, or at once when it waits for a
     * poll.
     */
    Uni<Void> send(String packet) {
        Uni<Void> sent;
        synchronized (this) {
            if (closed) {
                return Uni.createFrom().voidItem();
            }
            if (socket == null) {
                if (queue.size() >= MAX_QUEUED) {
                    // A polling client that does not come to collect: it is gone, or hostile.
                    vertx.runOnContext(v -> close());
                    return Uni.createFrom().voidItem();
                }
                queue.add(packet);
                flushPoll();
                return Uni.createFrom().voidItem();
            }
            // Written under the lock, so that packets leave in the order they were sent (Vert.x keeps write order).
            // Sent now, whether or not the caller waits (Unis are lazy); the caller may still wait on the result.
            sent = socket.sendText(packet).memoize().indefinitely();
        }
        sent.subscribe().with(v -> { }, e -> close());
        return sent;
    }

    /** A long-poll GET: answered with what is queued, or held until something is (not while upgrading: {@link #probed}). */
    synchronized void poll(RoutingContext context) {
        if (closed) {
            // What was queued before the close (a CONNECT_ERROR, a DISCONNECT) still goes out, then the close.
            queue.add("1");
            pendingPoll = context;
            flushPoll();
            return;
        }
        if (socket != null) {
            respond(context, "6");
            return;
        }
        if (pendingPoll != null) {
            // Two polls at once break the protocol: the session ends.
            context.response().setStatusCode(400).end("{\"code\":3,\"message\":\"Bad request\"}");
            close();
            return;
        }
        pendingPoll = context;
        context.response().closeHandler(v -> {
            synchronized (this) {
                if (pendingPoll == context) {
                    pendingPoll = null;
                }
            }
        });
        if (probes.isEmpty()) {
            flushPoll();
        } else {
            answerPollForUpgrade(); // it was on its way when the probe came
        }
    }

    /**
     * A probe WebSocket said {@code 2probe} (and was answered {@code 3probe}): the session is upgrading. The client now
     * pauses polling, and sends {@code 5} only once its last poll has returned; meanwhile it holds back what it emits.
     * So no poll is held while the session upgrades: the pending one, and any that arrives until {@code 5}, is answered
     * at once with what is queued or with a noop (Engine.IO v4; the reference server does the same).
     */
    synchronized void probed(WebSocketConnection probe) {
        probes.add(probe);
        answerPollForUpgrade();
    }

    /** A probe WebSocket closed before it upgraded: unless another one is under way, polls are held again. */
    synchronized void probeClosed(WebSocketConnection probe) {
        probes.remove(probe);
    }

    /**
     * The client's WebSocket sent {@code 5}: from now on everything goes over it. A session that ended during the
     * upgrade (a refused CONNECT) still sends what it queued before the end, e.g. the CONNECT_ERROR that says why,
     * then closes the WebSocket: the client stopped polling while it upgraded, so this is its only way to learn it.
     */
    void upgrade(WebSocketConnection webSocket) {
        synchronized (this) {
            if (socket != null) {
                webSocket.close().subscribe().with(v -> { }, e -> { });
                return;
            }
            if (closed) {
                Uni<Void> last = Uni.createFrom().voidItem();
                while (!queue.isEmpty()) {
                    String packet = queue.poll();
                    last = last.chain(() -> webSocket.sendText(packet));
                }
                last.chain(() -> webSocket.close()).subscribe().with(v -> { }, e -> webSocket.close().subscribe().with(x -> { }, y -> { }));
                return;
            }
            probes.remove(webSocket);
            socket = webSocket;
            if (pendingPoll != null) {
                respond(pendingPoll, "6");
                pendingPoll = null;
            }
            while (!queue.isEmpty()) {
                socket.sendText(queue.poll()).subscribe().with(v -> { }, e -> close());
            }
        }
    }

    /** Starts the session on a WebSocket (no polling before). */
    synchronized void useWebSocket(WebSocketConnection webSocket) {
        socket = webSocket;
    }

    synchronized boolean uses(WebSocketConnection webSocket) {
        return socket == webSocket;
    }

    synchronized boolean isPolling() {
        return socket == null;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Ends the session: the transport is closed and the Socket.IO layer told (once). */
    void close() {
        WebSocketConnection target;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            vertx.cancelTimer(pingTimer);
            if (pongTimer >= 0) {
                vertx.cancelTimer(pongTimer);
            }
            if (pendingPoll != null) {
                queue.add("1");
                flushPoll();
            }
            target = socket;
            if (target == null && !queue.isEmpty() && !probes.isEmpty()) {
                // Upgrading, with something the client must still hear (a CONNECT_ERROR): it arrives over the probe
                // once the client upgrades (upgrade()); a probe that never does is closed after the ping timeout.
                List<WebSocketConnection> upgrading = List.copyOf(probes);
                vertx.setTimer(config.pingTimeout().toMillis(),
                        t -> upgrading.forEach(probe -> probe.close().subscribe().with(v -> { }, e -> { })));
            } else {
                probes.forEach(probe -> probe.close().subscribe().with(v -> { }, e -> { }));
            }
            probes.clear();
        }
        if (target != null && target.isOpen()) {
            target.close().subscribe().with(v -> { }, e -> { });
        }
        onClosed.accept(this);
    }

    /** Answers the pending poll (if any) now: with what is queued, or else a noop. */
    private void answerPollForUpgrade() {
        flushPoll();
        if (pendingPoll != null) {
            respond(pendingPoll, "6");
            pendingPoll = null;
        }
    }

    private void flushPoll() {
        if (pendingPoll == null || queue.isEmpty()) {
            return;
        }
        StringBuilder body = new StringBuilder();
        while (!queue.isEmpty()) {
            if (body.length() > 0) {
                body.append(SEPARATOR);
            }
            body.append(queue.poll());
        }
        respond(pendingPoll, body.toString());
        pendingPoll = null;
    }

    private static void respond(RoutingContext context, String body) {
        if (!context.response().ended() && !context.response().closed()) {
            context.response().putHeader("Content-Type", "text/plain; charset=UTF-8").end(body);
        }
    }
}
