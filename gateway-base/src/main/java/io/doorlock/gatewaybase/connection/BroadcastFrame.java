package io.doorlock.gatewaybase.connection;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.function.Function;

/**
 * An event sent alike to many clients ({@code command_status} to every dashboard that may see the device), encoded
 * once: its data is serialized once, its plain-protocol text ({@code {"event":...,"data":...}}) is built once, and a
 * transport that needs another text (Socket.IO's {@code 42["event",data]}) builds it for its first recipient and shares
 * it with the rest ({@link #encodedOnce}). Nothing is parsed again on the way out.
 */
public final class BroadcastFrame {

    private final String event;
    private final String eventJson;
    private final String data;
    private final String text;
    private volatile String other;

    private BroadcastFrame(String event, String eventJson, String data, String text) {
        this.event = event;
        this.eventJson = eventJson;
        this.data = data;
        this.text = text;
    }

    /** {@code data}: the event's data, already serialized as JSON. */
    public static BroadcastFrame of(String event, String data) {
        String eventJson = '"' + new String(JsonStringEncoder.getInstance().quoteAsString(event)) + '"';
        return new BroadcastFrame(event, eventJson, data, "{\"event\":" + eventJson + ",\"data\":" + data + "}");
    }

    public String event() {
        return event;
    }

    /** The event name as a JSON string (quoted). */
    public String eventJson() {
        return eventJson;
    }

    /** The data as JSON text. */
    public String data() {
        return data;
    }

    /** The frame in the plain protocol, as WebSockets carry it. */
    public String text() {
        return text;
    }

    /**
     * The frame as the one other transport encodes it, built by {@code encoder} for the first recipient that asks and
     * the same string for every later one (two racing first recipients may both build it; they build the same text).
     */
    public String encodedOnce(Function<BroadcastFrame, String> encoder) {
        String encoded = other;
        if (encoded == null) {
            encoded = encoder.apply(this);
            other = encoded;
        }
        return encoded;
    }
}
