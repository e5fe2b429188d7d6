package io.doorlock.common.envelope;

/**
 * Error codes carried in the {@code error} event. Each kind of bad input has its own code so clients and
 * dashboards can tell them apart without parsing messages.
 */
public enum ErrorCode {
    /** The frame is not well-formed JSON (or has duplicate keys or trailing garbage). */
    MALFORMED_JSON,
    /** The frame is JSON but not an envelope: no {@code event} string, {@code data} not an object, bad {@code id}. */
    INVALID_ENVELOPE,
    /** The event name is not one this endpoint accepts. */
    UNKNOWN_EVENT,
    /** A field has the wrong JSON type, for example a string where a number is expected. */
    INVALID_TYPE,
    /** A required field is absent, null or blank. */
    MISSING_FIELD,
    /** A number or size is outside its allowed range. */
    OUT_OF_RANGE,
    /** A value has the right type but is not allowed: an unknown enum value, a bad pattern, a non-https URL. */
    INVALID_VALUE,
    /** The frame is larger than the configured maximum. */
    PAYLOAD_TOO_LARGE,
    /** The request needs an authenticated connection. */
    UNAUTHENTICATED,
    /** Credentials were presented and rejected. */
    AUTH_FAILED,
    /** No authentication arrived within the allowed time. */
    AUTH_TIMEOUT,
    /** The access token expired while the connection was open. */
    TOKEN_EXPIRED,
    /** The caller is authenticated but may not do this to this device. */
    FORBIDDEN,
    /** A device tried to speak for another device id. */
    DEVICE_MISMATCH,
    /** Too many frames; see the rate limit. */
    RATE_LIMITED,
    /** The platform could not accept the request right now (bus or database unavailable); retry later. */
    UNAVAILABLE,
    /** An unexpected server-side failure. Nothing was changed. */
    INTERNAL_ERROR
}
