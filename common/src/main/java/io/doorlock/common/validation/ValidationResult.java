package io.doorlock.common.validation;

import io.doorlock.common.envelope.ErrorData;
import java.util.Optional;

/** Outcome of validating one frame: a typed message, or the error to send back. Never an exception. */
public sealed interface ValidationResult {

    /** The request id of the frame, when it had one that could be read. */
    Optional<String> id();

    /** A frame that passed: {@code message} is an instance of the catalog's record for {@code event}. */
    record Valid(String event, Optional<String> id, Object message) implements ValidationResult {
        public <T> T as(Class<T> type) {
            return type.cast(message);
        }
    }

    /** A frame that failed, with the error event payload to answer it. */
    record Invalid(Optional<String> id, ErrorData error) implements ValidationResult {}
}
