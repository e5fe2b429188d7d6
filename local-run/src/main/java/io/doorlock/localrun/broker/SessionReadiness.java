package io.doorlock.localrun.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * When Moquette is ready for a new connection's packets. Moquette 0.17 marks a connection connected only once its
 * CONNACK is written, and drops one whose next packet (a SUBSCRIBE sent right after the CONNACK) is read before
 * that ("SUBSCRIBE received on already closed connection"). It reports the connection to its interceptors after the
 * mark, so the {@link ConnectGate} waits for that report before it passes on anything after the CONNECT.
 */
final class SessionReadiness {

    private final ConcurrentMap<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    /** Completes when Moquette reports {@code clientId} connected; register before the CONNECT reaches Moquette. */
    CompletableFuture<Void> expect(String clientId) {
        return pending.computeIfAbsent(clientId, id -> new CompletableFuture<>());
    }

    /** Moquette reported {@code clientId} connected. */
    void connected(String clientId) {
        CompletableFuture<Void> ready = pending.remove(clientId);
        if (ready != null) {
            ready.complete(null);
        }
    }

    /** The connection ended before it was reported. */
    void abandon(String clientId, CompletableFuture<Void> ready) {
        pending.remove(clientId, ready);
        ready.cancel(false);
    }
}
