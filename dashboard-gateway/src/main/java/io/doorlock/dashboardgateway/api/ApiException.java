package io.doorlock.dashboardgateway.api;

import io.doorlock.gatewaybase.limit.SlidingWindowLimit;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A request that fails with an HTTP status and a message for the caller; nothing was changed. */
public class ApiException extends RuntimeException {

    private final int status;
    private final List<ApiResponse.ApiError> errors;
    private final Optional<Duration> retryAfter;

    public ApiException(int status, String message) {
        this(status, message, List.of(), Optional.empty());
    }

    public ApiException(int status, String message, List<ApiResponse.ApiError> errors, Optional<Duration> retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.errors = errors;
        this.retryAfter = retryAfter;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }

    public static ApiException tooManyRequests(Duration retryAfter) {
        return new ApiException(429, "too many attempts; retry in " + SlidingWindowLimit.retryAfterSeconds(retryAfter) + " s", List.of(), Optional.of(retryAfter));
    }

    public int status() {
        return status;
    }

    public List<ApiResponse.ApiError> errors() {
        return errors;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
