package io.doorlock.auditservice.query;

import io.doorlock.auditservice.audit.DeviceEventDocument;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** One stored event as the query routes return it: the seed's {@code DeviceEvent} fields. */
@RegisterForReflection
public record AuditEventView(String id, String deviceId, String eventType, Map<String, Object> payload, Optional<String> userId,
        Optional<String> commandId, Optional<String> correlationId, Metadata metadata, Instant timestamp) {

    /** Where the event came from. */
    @RegisterForReflection
    public record Metadata(Optional<String> ipAddress, Optional<String> userAgent, Optional<String> socketId, String source) {}

    static AuditEventView of(DeviceEventDocument doc) {
        DeviceEventDocument.Metadata m = doc.metadata == null ? new DeviceEventDocument.Metadata() : doc.metadata;
        return new AuditEventView(doc.id, doc.deviceId, doc.eventType, doc.payload == null ? Map.of() : doc.payload,
                Optional.ofNullable(doc.userId), Optional.ofNullable(doc.commandId), Optional.ofNullable(doc.correlationId),
                new Metadata(Optional.ofNullable(m.ipAddress), Optional.ofNullable(m.userAgent), Optional.ofNullable(m.socketId),
                        m.source == null ? "system" : m.source),
                doc.timestamp);
    }
}
