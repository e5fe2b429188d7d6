package io.doorlock.auditservice.audit;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The seed's {@code DeviceEvent}, in {@code doorlock_audit.device_events}. {@code _id} is the id of the bus message
 * that caused it, so a redelivered message is stored once.
 */
@MongoEntity(collection = "device_events")
public class DeviceEventDocument {
    @BsonId
    public String id;
    public String deviceId;
    public String eventType;
    public Document payload;
    public String userId;
    public String commandId;
    public String correlationId;
    public Metadata metadata;
    public Instant timestamp;
    /** The service that published the bus message. */
    public String producer;

    /** Where the event came from. Registered for reflection: the MongoDB POJO codec reads it reflectively in a native image. */
    @RegisterForReflection
    public static class Metadata {
        public String ipAddress;
        public String userAgent;
        public String socketId;
        /** {@code websocket | mqtt | http | system}. */
        public String source;
    }
}
