package io.doorlock.dashboardgateway.push;

import java.util.Optional;

/**
 * A frame on its way to dashboards: its event name, what it is the status of ({@code supersedeKey}), and its text.
 * A dashboard that falls behind may drop a queued frame when a newer one with the same key is queued after it
 * ({@code command:<commandId>}, {@code device:<deviceId>}); a frame without a key is never dropped.
 */
public record OutgoingFrame(String event, Optional<String> supersedeKey, String text) {

    /** A frame that must reach every dashboard it is sent to (a visitor at the door, an alert). */
    public static OutgoingFrame kept(String event, String text) {
        return new OutgoingFrame(event, Optional.empty(), text);
    }

    /**
     * A status of {@code subject} (a command id, a device id) of the given {@code kind}: a newer status of the same
     * kind and subject supersedes it. A blank subject gives no key (the frame is kept).
     */
    public static OutgoingFrame status(String event, String kind, String subject, String text) {
        return new OutgoingFrame(event, subject == null || subject.isBlank() ? Optional.empty() : Optional.of(kind + ":" + subject), text);
    }
}
