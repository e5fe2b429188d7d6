package io.doorlock.dashboardgateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.base.ws.Frames;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.dashboard.CommandStatus;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.common.json.JsonCodec;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The frames pushed to dashboards read exactly as the frames every other route sends, and know what they supersede. */
class OutgoingFramesTest {

    final Frames frames = new Frames(new JsonCodec());
    final OutgoingFrames outgoing = new OutgoingFrames(frames);

    @Test
    void aCommandStatusReadsAsAnyEventFrameAndIsSupersededByTheSameCommandsNextStatus() {
        CommandStatus status = new CommandStatus("c-1", CommandState.FAILED, Optional.of("jammed"), Optional.of("door-1"),
                Optional.of("unlock_door"), Optional.of(Instant.parse("2026-01-01T10:00:00.123Z")), Optional.of(4L));

        OutgoingFrame frame = outgoing.commandStatus(status);

        assertThat(frame.text()).isEqualTo(frames.event(EventNames.COMMAND_STATUS, status));
        assertThat(frame.event()).isEqualTo(EventNames.COMMAND_STATUS);
        assertThat(frame.supersedeKey()).hasValue("command:c-1");
    }

    @Test
    void presenceAndKeptFramesReadAsAnyEventFrame() {
        Map<String, Object> online = Map.of("deviceId", "door-1", "status", "online");

        assertThat(outgoing.devicePresence(EventNames.DEVICE_STATUS, "door-1", online).text()).isEqualTo(frames.event(EventNames.DEVICE_STATUS, online));
        assertThat(outgoing.kept(EventNames.NEW_VISITOR, Map.of("visitorLogId", "v1")).text())
                .isEqualTo(frames.event(EventNames.NEW_VISITOR, Map.of("visitorLogId", "v1")));
        assertThat(outgoing.kept(EventNames.NEW_VISITOR, Map.of("visitorLogId", "v1")).supersedeKey()).isEmpty();
    }
}
