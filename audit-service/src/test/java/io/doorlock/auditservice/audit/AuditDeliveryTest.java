package io.doorlock.auditservice.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.PrometheusText;
import io.doorlock.testing.TestMqttClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Delivery into the store with the real broker and wire server: a burst is stored whole and once, and events published
 * while the database is away are kept by the broker (not acknowledged) and stored when it is back.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class AuditDeliveryTest {

    static final JsonCodec CODEC = new JsonCodec();

    @Inject
    DeviceEventStore store;

    static String heartbeat(String id, String deviceId, String correlation) {
        BusEnvelope envelope = new BusEnvelope(id, BusTypes.DEVICE_EVENT, Instant.now(), "device-gateway", correlation, deviceId,
                Optional.empty(), CODEC.mapper().createObjectNode().put("deviceId", deviceId).put("event", "device_heartbeat")
                        .put("receivedAt", Instant.now().toString()).set("data", CODEC.mapper().createObjectNode().put("battery", 80)));
        return CODEC.encode(envelope);
    }

    static String metrics() {
        return RestAssured.get("/q/metrics").asString();
    }

    @Test
    void aBurstOfTenThousandEventsIsStoredWholeInBatchesAndRedeliveriesOnce() {
        String correlation = UUID.randomUUID().toString();
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            payloads.add(heartbeat(UUID.randomUUID().toString(), "burst-" + (i % 50), correlation));
        }
        String before = metrics();
        try (TestMqttClient bus = DoorlockInfrastructure.broker().harness()) {
            bus.publishAll(Topics.busDeviceEvent("device_heartbeat"), payloads);
            bus.publishAll(Topics.busDeviceEvent("device_heartbeat"), payloads.subList(0, 500)); // the broker re-sends 500
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> store.count("correlationId", correlation) == 10_000);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> store.count("correlationId", correlation) == 10_000);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = metrics();
            assertThat(PrometheusText.sum(after, "doorlock_audit_events_total", "result=\"stored\"")
                    - PrometheusText.sum(before, "doorlock_audit_events_total", "result=\"stored\"")).isEqualTo(10_000);
            assertThat(PrometheusText.sum(after, "doorlock_audit_events_total", "result=\"duplicate\"")
                    - PrometheusText.sum(before, "doorlock_audit_events_total", "result=\"duplicate\"")).isEqualTo(500);
            double batches = PrometheusText.sum(after, "doorlock_audit_batch_size_count") - PrometheusText.sum(before, "doorlock_audit_batch_size_count");
            assertThat(batches).as("10,500 events took fewer bulk writes than events").isGreaterThan(0).isLessThan(10_500 / 2.0);
            assertThat(PrometheusText.sum(after, "doorlock_audit_write_seconds_count")
                    - PrometheusText.sum(before, "doorlock_audit_write_seconds_count")).isEqualTo(batches);
        });
    }

    @Test
    void eventsPublishedWhileTheDatabaseIsDownAreStoredWhenItIsBack() {
        String correlation = UUID.randomUUID().toString();
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            payloads.add(heartbeat(UUID.randomUUID().toString(), "outage-" + (i % 5), correlation));
        }
        double failuresBefore = PrometheusText.sum(metrics(), "doorlock_audit_write_failures_total");
        DoorlockInfrastructure.mongo().stop();
        try (TestMqttClient bus = DoorlockInfrastructure.broker().harness()) {
            bus.publishAll(Topics.busDeviceEvent("device_heartbeat"), payloads);
            await().atMost(Duration.ofSeconds(20)).until(() -> PrometheusText.sum(metrics(), "doorlock_audit_write_failures_total") > failuresBefore);
            await().atMost(Duration.ofSeconds(5)).until(() -> PrometheusText.sum(metrics(), "doorlock_audit_oldest_pending_seconds") >= 1);
            assertThat(PrometheusText.sum(metrics(), "doorlock_audit_pending_events")).isGreaterThan(0);
        } finally {
            DoorlockInfrastructure.mongo().startAgain(); // a fresh, empty database: what it holds afterwards was written after the outage
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> store.count("correlationId", correlation) == 300);
        await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusText.sum(metrics(), "doorlock_audit_oldest_pending_seconds") == 0);
    }
}
