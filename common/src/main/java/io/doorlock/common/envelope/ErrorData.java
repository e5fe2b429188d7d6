package io.doorlock.common.envelope;

import java.util.List;

/** Payload of the {@code error} event: {@code {"code": "...", "message": "...", "details": [...]}}. */
public record ErrorData(ErrorCode code, String message, List<ErrorDetail> details) {

    public ErrorData {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static ErrorData of(ErrorCode code, String message) {
        return new ErrorData(code, message, List.of());
    }
}
