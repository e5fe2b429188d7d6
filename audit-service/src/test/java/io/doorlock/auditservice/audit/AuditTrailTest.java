package io.doorlock.auditservice.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class AuditTrailTest {

    static final JsonCodec CODEC = new JsonCodec();

    @Inject
    DeviceEventStore store;

    @Test
    void deviceAndCommandEventsAreStoredWithTheSeedSchemaOnceEach() throws Exception {
        String correlation = UUID.randomUUID().toString();
        String commandId = UUID.randomUUID().toString();
        try (TestMqttClient bus = DoorlockInfrastructure.broker().harness()) {
            BusEnvelope ack = new BusEnvelope(UUID.randomUUID().toString(), BusTypes.DEVICE_EVENT, Instant.now(), "device-gateway",
                    correlation, "door-7", Optional.of("user-1"), CODEC.mapper().readTree("{\"deviceId\":\"door-7\",\"event\":\"command_ack\","
                    + "\"data\":{\"commandId\":\"" + commandId + "\",\"status\":\"executed\"},\"receivedAt\":\"2026-01-01T00:00:00Z\","
                    + "\"metadata\":{\"ipAddress\":\"10.0.0.7\",\"socketId\":\"s-1\",\"source\":\"websocket\"}}"));
            BusEnvelope status = new BusEnvelope(UUID.randomUUID().toString(), BusTypes.COMMAND_STATUS, Instant.now(), "command-service",
                    correlation, "door-7", Optional.of("user-1"), CODEC.mapper().readTree("{\"commandId\":\"" + commandId
                    + "\",\"deviceId\":\"door-7\",\"command\":\"unlock_door\",\"status\":\"executed\",\"at\":\"2026-01-01T00:00:00Z\",\"revision\":4}"));
            bus.publish(Topics.busDeviceEvent("command_ack"), CODEC.encode(ack));
            bus.publish(Topics.busDeviceEvent("command_ack"), CODEC.encode(ack)); // redelivery
            bus.publish(Topics.COMMAND_STATUS, CODEC.encode(status));
            bus.publish(Topics.COMMAND_STATUS, "not json at all"); // skipped, does not stop the consumer

            await().atMost(Duration.ofSeconds(10)).until(() -> store.count("correlationId", correlation) == 2);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> store.count("correlationId", correlation) == 2);

            DeviceEventDocument stored = store.findById(ack.id());
            assertThat(stored.eventType).isEqualTo("command_ack");
            assertThat(stored.deviceId).isEqualTo("door-7");
            assertThat(stored.userId).isEqualTo("user-1");
            assertThat(stored.commandId).isEqualTo(commandId);
            assertThat(stored.metadata.source).isEqualTo("websocket");
            assertThat(stored.metadata.ipAddress).isEqualTo("10.0.0.7");
            assertThat(stored.payload.getString("status")).isEqualTo("executed");
            assertThat(store.findById(status.id()).eventType).isEqualTo("command_executed");
        }
    }

    @Test
    void reissuingTheIndexesAtStartIsHarmless() {
        store.ensureIndexes();
        store.ensureIndexes();
        assertThat(store.mongoCollection().listIndexes(Document.class).into(new java.util.ArrayList<>()))
                .extracting(d -> d.getString("name")).contains("_id_");
    }
}
