package io.doorlock.devicegateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.common.bus.DeviceCredentialRecord;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
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

    void publish(TestMqttClient bus, String deviceId, String token) {
        DeviceCredentialRecord record = new DeviceCredentialRecord(deviceId, "owner-9", "Garage", "door-lock",
                io.doorlock.common.device.DeviceTokenHash.of(token), Instant.now());
        bus.publishRetained(Topics.registryDevice(deviceId), CODEC.encode(record));
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
            try (TestWebSocket old = connect(deviceId, first)) {
                assertThat(old.awaitClose(WAIT).code()).isEqualTo(4401);
            }

            try (TestWebSocket live = connect(deviceId, second)) {
                live.awaitEvent("authenticated", WAIT);
                bus.publishRetained(Topics.registryDevice(deviceId), "");
                assertThat(live.awaitClose(WAIT).reason()).isEqualTo("device deleted");
            }
            try (TestWebSocket gone = connect(deviceId, second)) {
                assertThat(gone.awaitClose(WAIT).code()).isEqualTo(4401);
            }
        }
    }

    @Test
    void aRecordOnAnotherDevicesTopicIsIgnored() {
        String victim = "victim-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestMqttClient bus = DoorlockInfrastructure.broker().harness()) {
            DeviceCredentialRecord record = new DeviceCredentialRecord(victim, "owner-9", "x", "door-lock",
                    io.doorlock.common.device.DeviceTokenHash.of("attacker"), Instant.now());
            bus.publishRetained(Topics.registryDevice("other-" + victim), CODEC.encode(record));
        }
        // The record named victim but sat on other-victim's topic: neither id may now accept the attacker's token.
        for (String id : new String[] {victim, "other-" + victim}) {
            try (TestWebSocket socket = connect(id, "attacker")) {
                assertThat(socket.awaitClose(WAIT).code()).isEqualTo(4401);
            }
        }
    }
}
