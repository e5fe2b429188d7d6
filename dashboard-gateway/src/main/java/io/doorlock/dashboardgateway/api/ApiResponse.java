package io.doorlock.dashboardgateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The REST envelope of the system the seed refactors: {@code {"success":true,"message":"...","data":...,"timestamp":...}}
 * and on error {@code {"success":false,"message":"...","errors":[...],"timestamp":...}}.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ApiResponse<T>(boolean success, String message, Optional<T> data, Optional<List<ApiError>> errors, Instant timestamp) {

    /** One problem with one field of a request. */
    public record ApiError(String field, String message) {}

    public static <T> ApiResponse<T> ok(String message, T data) {
        return new ApiResponse<>(true, message, Optional.ofNullable(data), Optional.empty(), Instant.now());
    }

    public static ApiResponse<Void> fail(String message, List<ApiError> errors) {
        return new ApiResponse<>(false, message, Optional.empty(), errors.isEmpty() ? Optional.empty() : Optional.of(errors), Instant.now());
    }
}
