package io.doorlock.dashboardgateway.push;

import io.doorlock.base.ws.Frames;
import io.doorlock.common.dashboard.CommandStatus;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.gatewaybase.connection.BroadcastFrame;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Builds the frames pushed to dashboards, each with what it supersedes: one place that decides which frames a slow
 * dashboard may lose (an older status of the same command or device) and which it never loses (everything else).
 * Each frame's data is serialized once, whatever the number of dashboards and transports it goes to.
 */
@ApplicationScoped
public class OutgoingFrames {

    private final Frames frames;

    public OutgoingFrames(Frames frames) {
        this.frames = frames;
    }

    /** {@code command_status}: superseded by a newer status of the same command. */
    public OutgoingFrame commandStatus(CommandStatus status) {
        return OutgoingFrame.status("command", status.commandId(), frame(EventNames.COMMAND_STATUS, status));
    }

    /**
     * {@code device_status}, {@code device_connected} or {@code device_disconnected} of {@code deviceId}: each is
     * superseded by a newer one of the three about the same device.
     */
    public OutgoingFrame devicePresence(String event, String deviceId, Object data) {
        return OutgoingFrame.status("device", deviceId, frame(event, data));
    }

    /** Any other event: never dropped. */
    public OutgoingFrame kept(String event, Object data) {
        return OutgoingFrame.kept(frame(event, data));
    }

    private BroadcastFrame frame(String event, Object data) {
        return BroadcastFrame.of(event, frames.data(data));
    }
}
