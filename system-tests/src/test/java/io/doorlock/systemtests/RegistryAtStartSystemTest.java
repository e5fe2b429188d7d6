package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorlock.common.bus.DeviceCredentialRecord;
import io.doorlock.common.device.DeviceTokenHash;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.FreePorts;
import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.ServiceProcess;
import io.doorlock.testing.TestMqttClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A device-gateway that starts (or restarts) while the registry already holds devices learns every one of them from
 * the retained records, whatever the timing of its start: otherwise a restarted gateway refuses doors that were
 * registered long ago, until their owner registers them again.
 */
class RegistryAtStartSystemTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final int DEVICES = 300;

    static MosquittoBroker broker;
    static MongoWireServer mongo;
    static ServiceProcess gateway;

    @BeforeAll
    static void start() {
        broker = MosquittoBroker.start();
        mongo = MongoWireServer.start();
        try (TestMqttClient registry = broker.harness()) {
            for (int n = 1; n <= DEVICES; n++) {
                registry.publishRetained(Topics.registryDevice(id(n)), CODEC.encode(new DeviceCredentialRecord(id(n), "owner-1",
                        "Door " + n, "door-lock", DeviceTokenHash.of(token(n)), Instant.now(), n, false)));
            }
        }
        Map<String, String> config = ServiceConfig.infrastructure(broker, mongo);
        config.putAll(broker.serviceConfig("device-gateway"));
        gateway = ServiceProcess.start(ServiceConfig.repoRoot(), "device-gateway", "registry-at-start-device-gateway", FreePorts.find(),
                ServiceConfig.JVM, config, ServiceConfig.logs());
        gateway.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        broker.stop();
        mongo.stop();
    }

    @Test
    void everyDeviceRegisteredBeforeTheGatewayStartedIsAcceptedAfterARestartToo() {
        assertEveryDeviceAccepted();
        gateway.kill();
        gateway.restart();
        gateway.awaitReady(Duration.ofSeconds(90));
        assertEveryDeviceAccepted();
    }

    private static void assertEveryDeviceAccepted() {
        String url = "http://127.0.0.1:" + gateway.port();
        List<String> refused = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            refused.clear();
            for (int n = 1; n <= DEVICES; n++) {
                // A known device with a right token gets 400 for this body (nothing recorded); an unknown one 401.
                if (Http.call("POST", url + "/api/device/" + id(n) + "/heartbeat", token(n), "{\"batteryLevel\":\"registered?\"}").status() != 400) {
                    refused.add(id(n));
                }
            }
            assertThat(refused).as("devices the gateway does not know").isEmpty();
        });
    }

    private static String id(int n) {
        return "reg-door-" + n;
    }

    private static String token(int n) {
        return "token-of-reg-door-" + n;
    }
}
