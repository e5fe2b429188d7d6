package io.doorlock.base.ws;

import io.doorlock.common.envelope.Envelope;
import io.doorlock.common.envelope.ErrorCode;
import io.doorlock.common.envelope.ErrorData;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.common.json.JsonCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Builds the text of outgoing WebSocket frames: {@code {"event":..., "data":..., "id":...}}. */
@ApplicationScoped
public class Frames {

    private final JsonCodec codec;

    public Frames(JsonCodec codec) {
        this.codec = codec;
    }

    public String event(String event, Object data) {
        return event(event, data, Optional.empty());
    }

    /** An event answering the request with id {@code requestId}. */
    public String event(String event, Object data, Optional<String> requestId) {
        return codec.encode(new Envelope(event, codec.toTree(data), requestId));
    }

    /** The JSON text of an event's {@code data}, for a frame built once and sent to many clients. */
    public String data(Object data) {
        return codec.encode(data);
    }

    public String error(ErrorData error, Optional<String> requestId) {
        return event(EventNames.ERROR, error, requestId);
    }

    public String error(ErrorCode code, String message, Optional<String> requestId) {
        return error(ErrorData.of(code, message), requestId);
    }
}
