package io.doorlock.gatewaybase.connection;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/**
 * What a refused frame's answer must name so that the client knows which request it refuses: the frame's
 * {@code id} and, for a command, its {@code data.commandId}. Read without validating the frame, and only what the
 * validator would accept too (strings of 1 to 128 characters, frames up to 64 KiB).
 */
public record FrameIds(Optional<String> requestId, Optional<String> commandId) {

    /** Nothing to name: the answer carries no id. */
    public static final FrameIds NONE = new FrameIds(Optional.empty(), Optional.empty());

    private static final int MAX_FRAME_CHARS = 64 * 1024;
    private static final int MAX_ID_LENGTH = 128;

    /** The ids of a frame of the plain protocol ({@code {"event":...,"data":{...},"id":...}}). */
    public static FrameIds of(String frame, JsonFactory json) {
        if (frame.length() > MAX_FRAME_CHARS) {
            return NONE;
        }
        Optional<String> requestId = Optional.empty();
        Optional<String> commandId = Optional.empty();
        try (JsonParser parser = json.createParser(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return NONE;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(field) && value == JsonToken.VALUE_STRING) {
                    requestId = usable(parser.getText());
                } else if ("data".equals(field) && value == JsonToken.START_OBJECT) {
                    commandId = commandIdIn(parser);
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // An unreadable rest: what was read before it still names the request.
        }
        return new FrameIds(requestId, commandId);
    }

    /** A string the validator would accept as an id. */
    public static Optional<String> usable(String id) {
        return id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH ? Optional.empty() : Optional.of(id);
    }

    /** Reads the object the parser is at to its end; answers its {@code commandId}. */
    private static Optional<String> commandIdIn(JsonParser parser) throws IOException {
        Optional<String> commandId = Optional.empty();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("commandId".equals(field) && value == JsonToken.VALUE_STRING) {
                commandId = usable(parser.getText());
            } else {
                parser.skipChildren();
            }
        }
        return commandId;
    }
}
