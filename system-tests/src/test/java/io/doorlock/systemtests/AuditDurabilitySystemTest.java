package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.FreePorts;
import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.PrometheusText;
import io.doorlock.testing.ServiceProcess;
import io.doorlock.testing.TestMqttClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An audit event is acknowledged to the broker only once it is stored. audit-service receives events while its
 * database is down, is killed with SIGKILL holding them in memory, and restarts: the broker sends them again from the
 * replica's persistent session and every one is stored, once.
 */
class AuditDurabilitySystemTest {

    static final JsonCodec CODEC = new JsonCodec();

    static MosquittoBroker broker;
    static MongoWireServer mongo;
    static ServiceProcess audit;

    @BeforeAll
    static void start() {
        broker = MosquittoBroker.start();
        mongo = MongoWireServer.start();
        Map<String, String> config = new LinkedHashMap<>(ServiceConfig.infrastructure(broker, mongo));
        config.put("doorlock.instance-id", "audit-0"); // a StatefulSet's stable pod name
        config.putAll(broker.serviceConfig("audit-service"));
        audit = ServiceProcess.start(ServiceConfig.repoRoot(), "audit-service", "audit-service-durability", FreePorts.find(), ServiceConfig.JVM,
                config, ServiceConfig.logs());
        audit.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (audit != null) {
            audit.stop();
        }
        broker.stop();
        mongo.stop();
    }

    @Test
    void aReplicaThatIsStoppedGracefullyLeavesItsShareToTheOthers() {
        Map<String, String> config = new LinkedHashMap<>(ServiceConfig.infrastructure(broker, mongo));
        config.put("doorlock.instance-id", "audit-1");
        config.putAll(broker.serviceConfig("audit-service"));
        ServiceProcess second = ServiceProcess.start(ServiceConfig.repoRoot(), "audit-service", "audit-service-durability-1", FreePorts.find(),
                ServiceConfig.JVM, config, ServiceConfig.logs());
        try {
            second.awaitReady(Duration.ofSeconds(90));
            second.stop(); // SIGTERM, as for a scale-down from 2 to 1: it must not keep receiving half of the events
            String correlation = UUID.randomUUID().toString();
            try (TestMqttClient bus = broker.harness()) {
                bus.publishAll(Topics.busDeviceEvent("door_opened"), events(correlation, 200));
            }
            try (MongoClient client = MongoClients.create(mongo.connectionString())) {
                var events = client.getDatabase("doorlock_audit").getCollection("device_events");
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> events.countDocuments(Filters.eq("correlationId", correlation)) == 200);
            }
        } finally {
            second.kill();
        }
    }

    static List<String> events(String correlation, int n) {
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BusEnvelope envelope = new BusEnvelope(UUID.randomUUID().toString(), BusTypes.DEVICE_EVENT, Instant.now(), "device-gateway",
                    correlation, "door-" + (i % 4), Optional.empty(), CODEC.mapper().createObjectNode().put("deviceId", "door-" + (i % 4))
                            .put("event", "door_opened").put("receivedAt", Instant.now().toString()).set("data", CODEC.mapper().createObjectNode()));
            payloads.add(CODEC.encode(envelope));
        }
        return payloads;
    }

    @Test
    void eventsHeldInMemoryWhenTheServiceIsKilledAreStoredAfterItRestarts() {
        String correlation = UUID.randomUUID().toString();
        List<String> payloads = events(correlation, 200);
        mongo.stop();
        try (TestMqttClient bus = broker.harness()) {
            bus.publishAll(Topics.busDeviceEvent("door_opened"), payloads);
        }
        String metrics = "http://127.0.0.1:" + audit.port() + "/q/metrics";
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> PrometheusText.sum(Http.text(metrics), "doorlock_audit_pending_events") > 0
                        && PrometheusText.sum(Http.text(metrics), "doorlock_audit_write_failures_total") > 0);

        audit.kill(); // SIGKILL: what it held in memory is gone
        mongo.startAgain();
        audit.restart();
        audit.awaitReady(Duration.ofSeconds(90));

        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            var events = client.getDatabase("doorlock_audit").getCollection("device_events");
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> events.countDocuments(Filters.eq("correlationId", correlation)) == 200);
            assertThat(events.countDocuments(Filters.eq("correlationId", correlation))).isEqualTo(200);
        }
    }
}
