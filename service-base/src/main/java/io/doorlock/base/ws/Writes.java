package io.doorlock.base.ws;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.TimeoutException;
import java.time.Duration;

/** Waiting for a WebSocket write, but not forever: a peer that stops reading must not hold a worker thread. */
public final class Writes {

    /** How long a direct answer to a client's own frame may take to be written. */
    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);

    private Writes() {}

    /** True when {@code write} completed within {@code timeout}; false when it failed or the peer stopped reading. */
    public static boolean await(Uni<Void> write, Duration timeout) {
        try {
            write.await().atMost(timeout);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
