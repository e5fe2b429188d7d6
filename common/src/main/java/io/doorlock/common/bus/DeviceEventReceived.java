package io.doorlock.common.bus;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * A validated device event, as published by device-gateway. {@code data} is the re-serialised validated record,
 * never the raw frame: fields the validator does not know are dropped.
 */
public record DeviceEventReceived(
        String deviceId,
        Optional<String> ownerId,
        String event,
        JsonNode data,
        Instant receivedAt,
        ConnectionMetadata metadata) {}
