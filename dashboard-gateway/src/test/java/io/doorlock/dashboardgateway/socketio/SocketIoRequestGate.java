package io.doorlock.dashboardgateway.socketio;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A slow network for one moment of a test: holds back, while asked to, the requests of established Socket.IO sessions
 * ({@code sid} given) before they reach the server, then lets them through in arrival order. {@link Kind#PROBE} is the
 * upgrade WebSocket's handshake, {@link Kind#POLL} a long-poll GET. Does nothing until a test holds something.
 */
@ApplicationScoped
public class SocketIoRequestGate {

    /** What can be held. */
    public enum Kind {
        PROBE, POLL
    }

    private record Held(Kind kind, RoutingContext request, Context context) {}

    private final Set<Kind> holding = EnumSet.noneOf(Kind.class);
    private final List<Held> held = new ArrayList<>();
    /** Polls let through, until answered. */
    private final List<RoutingContext> open = new ArrayList<>();

    void routes(@Observes Router router) {
        router.route("/socket.io/").order(-2000).handler(this::filter);
    }

    /** From now on, requests of this kind wait here. */
    public synchronized void hold(Kind kind) {
        holding.add(kind);
    }

    /** Waits until a request of this kind is held; fails after {@code timeout}. */
    public synchronized void awaitHeld(Kind kind, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (held.stream().noneMatch(h -> h.kind() == kind)) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + kind + " request held within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until a poll that was let through is held by the server (not answered yet); fails after {@code timeout}. */
    public synchronized void awaitPollAtServer(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (open.isEmpty()) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no poll waiting at the server within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Stops holding requests of this kind and lets the held ones go on to the server. */
    public void release(Kind kind) {
        List<Held> going = new ArrayList<>();
        synchronized (this) {
            holding.remove(kind);
            held.removeIf(h -> h.kind() == kind && going.add(h));
        }
        going.forEach(h -> h.context().runOnContext(v -> h.request().next()));
    }

    /** Lets everything through, holds nothing more and forgets the polls it let through (a test's end). */
    public void releaseAll() {
        for (Kind kind : Kind.values()) {
            release(kind);
        }
        synchronized (this) {
            open.clear();
        }
    }

    private void filter(RoutingContext request) {
        Optional<Kind> kind = kindOf(request);
        synchronized (this) {
            if (kind.isPresent() && holding.contains(kind.get())) {
                held.add(new Held(kind.get(), request, Vertx.currentContext()));
                notifyAll();
                return;
            }
            if (kind.equals(Optional.of(Kind.POLL))) {
                open.add(request);
                request.addEndHandler(done -> answered(request));
                notifyAll();
            }
        }
        request.next();
    }

    private synchronized void answered(RoutingContext request) {
        open.remove(request);
    }

    private static Optional<Kind> kindOf(RoutingContext request) {
        if (request.request().getParam("sid") == null) {
            return Optional.empty();
        }
        if ("websocket".equalsIgnoreCase(request.request().getHeader(HttpHeaders.UPGRADE))) {
            return Optional.of(Kind.PROBE);
        }
        return request.request().method() == HttpMethod.GET ? Optional.of(Kind.POLL) : Optional.empty();
    }
}
