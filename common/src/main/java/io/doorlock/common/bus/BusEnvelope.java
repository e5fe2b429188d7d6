package io.doorlock.common.bus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * Envelope of every message on the internal bus ({@code doorlock/v1/bus/...}).
 *
 * @param id unique message id; consumers deduplicate redeliveries on it
 * @param type one of {@link BusTypes}; tells which record {@code data} holds
 * @param at when the producer created the message
 * @param producer the service that published it, e.g. {@code command-service}
 * @param correlationId ties together every message caused by one request (for the audit trail)
 * @param deviceId the device concerned
 * @param userId the user who caused it, when a user did
 * @param data the typed body
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record BusEnvelope(
        String id,
        String type,
        Instant at,
        String producer,
        String correlationId,
        String deviceId,
        Optional<String> userId,
        JsonNode data) {}
