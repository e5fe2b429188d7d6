package io.doorlock.devicegateway.credentials;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.common.bus.DeviceCredentialRecord;
import io.doorlock.common.device.DeviceTokenHash;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.PrometheusText;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class RegistryCredentialsTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/ws/device")
    URI endpoint;

    TestWebSocket connect(String deviceId, String token) {
        return TestWebSocket.connect(endpoint.toString().replaceFirst("^http", "ws") + "?deviceId=" + deviceId,
                Map.of("Authorization", "Bearer " + token));
    }

    /** Connects until accepted; returns how long after {@code since} it first was. */
    Duration acceptedWithin(String deviceId, String token, Instant since) {
        while (Duration.between(since, Instant.now()).compareTo(WAIT) < 0) {
            try (TestWebSocket socket = connect(deviceId, token)) {
                try {
                    socket.awaitEvent("authenticated", Duration.ofMillis(500));
                    return Duration.between(since, Instant.now());
                } catch (AssertionError rejected) {
                    // not known yet
                }
            }
        }
        throw new AssertionError(deviceId + " never accepted");
    }

    /** Registry versions, as dashboard-gateway's sequence hands them out: they only grow. */
    static final AtomicLong VERSIONS = new AtomicLong();

    static DeviceCredentialRecord record(String deviceId, String token, long version) {
        return new DeviceCredentialRecord(deviceId, "owner-9", "Garage", "door-lock", DeviceTokenHash.of(token), Instant.now(), version, false);
    }

    void publish(TestMqttClient bus, String deviceId, String token) {
        bus.publishRetained(Topics.registryDevice(deviceId), CODEC.encode(record(deviceId, token, VERSIONS.incrementAndGet())));
    }

    /** Waits until a socket with these credentials is refused (4401). */
    void refused(String deviceId, String token) {
        try (TestWebSocket socket = connect(deviceId, token)) {
            assertThat(socket.awaitClose(WAIT).code()).isEqualTo(4401);
        }
    }

    @Test
    void aRegisteredDeviceIsAcceptedRotatedAndDeleted() {
        String deviceId = "reg-" + UUID.randomUUID().toString().substring(0, 8);
        String first = "first-token-" + UUID.randomUUID();
        String second = "second-token-" + UUID.randomUUID();
        try (TestMqttClient bus = DoorlockInfrastructure.broker().harness()) {
            Instant registered = Instant.now();
            publish(bus, deviceId, first);
            assertThat(acceptedWithin(deviceId, first, registered)).isLessThan(Duration.ofSeconds(1));

            try (TestWebSocket live = connect(deviceId, first)) {
                live.awaitEvent("authenticated", WAIT);
                Instant rotated = Instant.now();
                publish(bus, deviceId, second);
                TestWebSocket.Closed closed = live.awaitClose(WAIT);
                assertThat(closed.code()).isEqualTo(4403);
                assertThat(closed.reason()).isEqualTo("device token rotated");
                assertThat(Duration.between(rotated, Instant.now())).isLessThan(Duration.ofSeconds(1));
            }
            refused(deviceId, first);

            try (TestWebSocket live = connect(deviceId, second)) {
                live.awaitEvent("authenticated", WAIT);
                bus.publishRetained(Topics.registryDevice(deviceId),
                        CODEC.encode(DeviceCredentialRecord.tombstone(deviceId, VERSIONS.incrementAndGet(), Instant.now())));
                assertThat(live.awaitClose(WAIT).reason()).isEqualTo("device deleted");
            }
            refused(deviceId, second);
        }
    }

    @Test
    void aRecordOnAnotherDevicesTopicIsIgnored() {
        String victim = "victim-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestMqttClient bus = DoorlockInfrastructure.broker().harness()) {
            bus.publishRetained(Topics.registryDevice("other-" + victim), CODEC.encode(record(victim, "attacker", VERSIONS.incrementAndGet())));
        }
        // The record named victim but sat on other-victim's topic: neither id may now accept the attacker's token.
        for (String id : new String[] {victim, "other-" + victim}) {
            refused(id, "attacker");
        }
    }

    /**
     * Whoever reaches the broker without dashboard-gateway's key cannot change the registry: an unsigned record, one
     * signed with another service's key, an empty retained payload, and a correctly signed record older than the one
     * held (with a far-future timestamp) all change nothing; the owner's next rotation still takes effect.
     */
    @Test
    void onlyNewerRecordsSignedByTheRegistryCount() {
        String deviceId = "signed-" + UUID.randomUUID().toString().substring(0, 8);
        String token = "owner-token-" + UUID.randomUUID();
        try (TestMqttClient registry = DoorlockInfrastructure.broker().harness();
                TestMqttClient unsigned = DoorlockInfrastructure.broker().connect(DoorlockInfrastructure.broker().accounts().harness())) {
            publish(registry, deviceId, token);
            acceptedWithin(deviceId, token, Instant.now());
            long held = VERSIONS.get();
            try (TestWebSocket live = connect(deviceId, token)) {
                live.awaitEvent("authenticated", WAIT);
                String forged = CODEC.encode(new DeviceCredentialRecord(deviceId, "attacker", "x", "door-lock", DeviceTokenHash.of("attacker"),
                        Instant.parse("9999-01-01T00:00:00Z"), held + 1000, false));
                unsigned.publishRetained(Topics.registryDevice(deviceId), forged);
                unsigned.publishRetained(Topics.registryDevice(deviceId), new String(DoorlockInfrastructure.broker().busKeys()
                        .sign("command-service", forged.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
                unsigned.publishRetained(Topics.registryDevice(deviceId), "");
                registry.publishRetained(Topics.registryDevice(deviceId), CODEC.encode(new DeviceCredentialRecord(deviceId, "attacker", "x",
                        "door-lock", DeviceTokenHash.of("attacker"), Instant.parse("9999-01-01T00:00:00Z"), held - 1, false)));
                // A marker the projection applies after the forgeries (one channel, in order): another device appears.
                String marker = "marker-" + UUID.randomUUID().toString().substring(0, 8);
                publish(registry, marker, "marker-token");
                acceptedWithin(marker, "marker-token", Instant.now());
                assertThat(PrometheusText.sum(given().get("/q/metrics").asString(), "doorlock_bus_rejected_messages_total"))
                        .as("the unsigned record and the one signed by command-service").isGreaterThanOrEqualTo(2);
                assertThat(live.isOpen()).as("the owner's device stays connected").isTrue();
            }
            refused(deviceId, "attacker");
            String rotated = "rotated-" + UUID.randomUUID();
            publish(registry, deviceId, rotated);
            acceptedWithin(deviceId, rotated, Instant.now());
            refused(deviceId, token);
        }
    }
}
