package io.doorlock.dashboardgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.base.ws.Frames;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.dashboard.CommandStatus;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.dashboardgateway.push.OutgoingFrame;
import io.doorlock.dashboardgateway.push.OutgoingFrames;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bounded outbox of one dashboard, with a sender whose completions the test controls. */
class OutboxTest {

    final List<String> written = new ArrayList<>();
    final List<UniEmitter<? super Void>> inFlight = new ArrayList<>();
    final AtomicLong now = new AtomicLong();

    Outbox<String> outbox(int capacity) {
        return new Outbox<String>(frame -> Uni.createFrom().emitter(e -> {
            written.add(frame);
            inFlight.add(e);
        }), capacity, Duration.ofSeconds(10), now::get);
    }

    void completeOne() {
        inFlight.remove(0).complete(null);
    }

    static Optional<String> key(String k) {
        return Optional.of(k);
    }

    @Test
    void framesGoOutOneAtATimeInOrder() {
        Outbox<String> outbox = outbox(10);
        outbox.offer("a", key("device:1"));
        outbox.offer("b", Optional.empty());
        outbox.offer("c", key("device:1"));
        assertThat(written).containsExactly("a");
        completeOne();
        completeOne();
        completeOne();
        assertThat(written).containsExactly("a", "b", "c");
        assertThat(outbox.size()).isZero();
    }

    @Test
    void whenFullOnlyAStatusSupersededByANewerOneIsDropped() {
        Outbox<String> outbox = outbox(3);
        outbox.offer("sending", Optional.empty()); // in flight, not queued
        assertThat(outbox.offer("door-1 online", key("device:door-1"))).isEqualTo(Outbox.Result.QUEUED);
        assertThat(outbox.offer("visitor", Optional.empty())).isEqualTo(Outbox.Result.QUEUED);
        assertThat(outbox.offer("door-1 offline", key("device:door-1"))).isEqualTo(Outbox.Result.QUEUED);
        assertThat(outbox.offer("cmd executed", key("command:c1"))).isEqualTo(Outbox.Result.QUEUED_AFTER_DROP);
        assertThat(outbox.dropped()).isEqualTo(1);
        completeOne();
        completeOne();
        completeOne();
        completeOne();
        assertThat(written).containsExactly("sending", "visitor", "door-1 offline", "cmd executed");
    }

    @Test
    void theLastWordOnSomethingIsNeverDropped() {
        Outbox<String> outbox = outbox(2);
        outbox.offer("sending", Optional.empty());
        outbox.offer("cmd c1 executed", key("command:c1"));
        outbox.offer("cmd c2 executed", key("command:c2"));
        assertThat(outbox.offer("door-1 offline", key("device:door-1"))).as("nothing superseded: the dashboard is stuck")
                .isEqualTo(Outbox.Result.STUCK);
    }

    @Test
    void aDashboardThatStopsReadingIsReportedStuck() {
        Outbox<String> slow = outbox(100);
        slow.offer("sending", Optional.empty());
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        assertThat(slow.offer("next", key("device:1"))).as("one send stuck for longer than the limit").isEqualTo(Outbox.Result.STUCK);
    }

    @Test
    void aBacklogOfWritesThatCompleteAtOnceDrainsWithoutNesting() {
        List<String> sent = new ArrayList<>();
        List<UniEmitter<? super Void>> first = new ArrayList<>();
        int[] maxDepth = {0};
        Outbox<String> outbox = new Outbox<String>(frame -> {
            sent.add(frame);
            maxDepth[0] = Math.max(maxDepth[0], Thread.currentThread().getStackTrace().length);
            // The first write waits (the socket is busy); every later one completes at once, as on a writable socket.
            return frame.equals("first") ? Uni.createFrom().emitter(first::add) : Uni.createFrom().voidItem();
        }, 10_000, Duration.ofSeconds(10), now::get);
        outbox.offer("first", Optional.empty());
        for (int i = 0; i < 5000; i++) {
            outbox.offer("f" + i, Optional.empty());
        }
        assertThat(sent).containsExactly("first");
        int before = maxDepth[0];
        first.get(0).complete(null); // the backlog drains from this completion
        assertThat(sent).hasSize(5001);
        assertThat(maxDepth[0]).as("stack depth does not grow with the backlog").isLessThan(before + 50);
    }

    @Test
    void aFailedSendEmptiesTheOutbox() {
        Outbox<String> outbox = outbox(5);
        outbox.offer("a", Optional.empty());
        outbox.offer("b", Optional.empty());
        inFlight.remove(0).fail(new IllegalStateException("closed"));
        assertThat(outbox.size()).isZero();
        outbox.offer("c", Optional.empty());
        assertThat(written).containsExactly("a", "c");
    }

    @Test
    void aPushedFrameIsDroppedOnlyForANewerStatusOfTheSameCommandOrDevice() {
        OutgoingFrames frames = new OutgoingFrames(new Frames(new JsonCodec()));
        Outbox<String> outbox = outbox(4);
        offer(outbox, frames.kept(EventNames.NEW_VISITOR, Map.of("visitorLogId", "v1"))); // in flight, not queued
        offer(outbox, frames.commandStatus(status("c1", CommandState.SENT)));
        offer(outbox, frames.devicePresence(EventNames.DEVICE_STATUS, "door-1", Map.of("deviceId", "door-1", "status", "online")));
        offer(outbox, frames.commandStatus(status("c1", CommandState.EXECUTED)));
        offer(outbox, frames.devicePresence(EventNames.DEVICE_DISCONNECTED, "door-1", Map.of("deviceId", "door-1")));

        assertThat(offer(outbox, frames.devicePresence(EventNames.DEVICE_CONNECTED, "door-2", Map.of("deviceId", "door-2"))))
                .as("c1 sent gives way to c1 executed").isEqualTo(Outbox.Result.QUEUED_AFTER_DROP);
        assertThat(offer(outbox, frames.commandStatus(status("c2", CommandState.QUEUED))))
                .as("door-1's device_status gives way to its device_disconnected").isEqualTo(Outbox.Result.QUEUED_AFTER_DROP);
        assertThat(offer(outbox, frames.kept(EventNames.VISITOR_PROCESSED, Map.of("visitorLogId", "v1"))))
                .as("c1, c2, door-1 and door-2 each have one frame queued: none supersedes another").isEqualTo(Outbox.Result.STUCK);

        for (int i = 0; i < 5; i++) {
            completeOne();
        }
        assertThat(written).extracting(OutboxTest::eventAndSubject).containsExactly("new_visitor v1", "command_status c1 executed",
                "device_disconnected door-1", "device_connected door-2", "command_status c2 queued");
    }

    Outbox.Result offer(Outbox<String> outbox, OutgoingFrame frame) {
        return outbox.offer(frame.text(), frame.supersedeKey());
    }

    static CommandStatus status(String commandId, CommandState state) {
        return new CommandStatus(commandId, state, Optional.empty(), Optional.of("door-1"), Optional.of("unlock_door"), Optional.empty(),
                Optional.empty());
    }

    /** What a dashboard sees of a frame: its event, what it is about, and a command's state. */
    static String eventAndSubject(String frame) {
        try {
            var json = new JsonCodec().mapper().readTree(frame);
            var data = json.path("data");
            String subject = data.has("commandId") ? data.path("commandId").asText() : data.has("visitorLogId")
                    ? data.path("visitorLogId").asText() : data.path("deviceId").asText();
            String state = data.has("commandId") ? " " + data.path("status").asText() : "";
            return json.path("event").asText() + " " + subject + state;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
