package io.doorlock.dashboardgateway.push;

import io.doorlock.gatewaybase.connection.BroadcastFrame;
import java.util.Optional;

/**
 * A frame on its way to dashboards: what it is the status of ({@code supersedeKey}), and the frame itself, encoded
 * once for every dashboard it goes to. A dashboard that falls behind may drop a queued frame when a newer one with
 * the same key is queued after it ({@code command:<commandId>}, {@code device:<deviceId>}); a frame without a key is
 * never dropped.
 */
public record OutgoingFrame(Optional<String> supersedeKey, BroadcastFrame frame) {

    /** A frame that must reach every dashboard it is sent to (a visitor at the door, an alert). */
    public static OutgoingFrame kept(BroadcastFrame frame) {
        return new OutgoingFrame(Optional.empty(), frame);
    }

    /**
     * A status of {@code subject} (a command id, a device id) of the given {@code kind}: a newer status of the same
     * kind and subject supersedes it. A blank subject gives no key (the frame is kept).
     */
    public static OutgoingFrame status(String kind, String subject, BroadcastFrame frame) {
        return new OutgoingFrame(subject == null || subject.isBlank() ? Optional.empty() : Optional.of(kind + ":" + subject), frame);
    }

    /** The event's name. */
    public String event() {
        return frame.event();
    }

    /** The frame in the plain protocol ({@code {"event":...,"data":...}}). */
    public String text() {
        return frame.text();
    }
}
