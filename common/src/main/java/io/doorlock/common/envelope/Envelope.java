package io.doorlock.common.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The one frame shape on every WebSocket and device MQTT topic: {@code {"event": "<name>", "data": {...}, "id": "..."}}.
 *
 * <p>{@code id} is optional. A client that sets it on a request gets the same {@code id} back on the direct answer
 * (the reply or the {@code error} event), so it can correlate requests and responses on one connection.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record Envelope(String event, JsonNode data, Optional<String> id) {

    public Envelope {
        id = id == null ? Optional.empty() : id;
    }

    public static Envelope of(String event, JsonNode data) {
        return new Envelope(event, data, Optional.empty());
    }

    public Envelope withId(Optional<String> requestId) {
        return new Envelope(event, data, requestId);
    }
}
