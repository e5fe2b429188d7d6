package io.doorlock.dashboardgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bounded outbox of one dashboard, with a sender whose completions the test controls. */
class OutboxTest {

    final List<String> written = new ArrayList<>();
    final List<UniEmitter<? super Void>> inFlight = new ArrayList<>();
    final AtomicLong now = new AtomicLong();

    Outbox outbox(int capacity) {
        return new Outbox(frame -> Uni.createFrom().emitter(e -> {
            written.add(frame);
            inFlight.add(e);
        }), capacity, Duration.ofSeconds(10), now::get);
    }

    void completeOne() {
        inFlight.remove(0).complete(null);
    }

    @Test
    void framesGoOutOneAtATimeInOrder() {
        Outbox outbox = outbox(10);
        outbox.offer("a", true);
        outbox.offer("b", false);
        outbox.offer("c", true);
        assertThat(written).containsExactly("a");
        completeOne();
        completeOne();
        completeOne();
        assertThat(written).containsExactly("a", "b", "c");
        assertThat(outbox.size()).isZero();
    }

    @Test
    void whenFullTheOldestStatusIsDroppedNeverAVisitor() {
        Outbox outbox = outbox(3);
        outbox.offer("sending", true); // in flight, not queued
        assertThat(outbox.offer("status-1", true)).isEqualTo(Outbox.Result.QUEUED);
        assertThat(outbox.offer("visitor", false)).isEqualTo(Outbox.Result.QUEUED);
        assertThat(outbox.offer("status-2", true)).isEqualTo(Outbox.Result.QUEUED);
        assertThat(outbox.offer("status-3", true)).isEqualTo(Outbox.Result.QUEUED_AFTER_DROP);
        assertThat(outbox.dropped()).isEqualTo(1);
        completeOne();
        completeOne();
        completeOne();
        completeOne();
        assertThat(written).containsExactly("sending", "visitor", "status-2", "status-3");
    }

    @Test
    void aDashboardThatStopsReadingIsReportedStuck() {
        Outbox outbox = outbox(2);
        outbox.offer("sending", true);
        outbox.offer("v1", false);
        outbox.offer("v2", false);
        assertThat(outbox.offer("v3", false)).as("full of frames that must not be dropped").isEqualTo(Outbox.Result.STUCK);

        Outbox slow = outbox(100);
        slow.offer("sending", true);
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        assertThat(slow.offer("next", true)).as("one send stuck for longer than the limit").isEqualTo(Outbox.Result.STUCK);
    }

    @Test
    void aFailedSendEmptiesTheOutbox() {
        Outbox outbox = outbox(5);
        outbox.offer("a", true);
        outbox.offer("b", true);
        inFlight.remove(0).fail(new IllegalStateException("closed"));
        assertThat(outbox.size()).isZero();
        outbox.offer("c", true);
        assertThat(written).containsExactly("a", "c");
    }
}
