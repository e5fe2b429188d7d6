package io.doorlock.common.envelope;

/** One problem with one field of a frame. {@code field} is a dotted path inside {@code data}, e.g. {@code settings.captureMode}. */
public record ErrorDetail(String field, ErrorCode code, String message) {}
