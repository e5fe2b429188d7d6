package io.doorlock.auditservice.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.PrometheusText;
import io.doorlock.testing.TestMqttClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Another device's {@code command_ack} for a command, sent on the bus as device-gateway sends it (the command id as
 * correlation id, since the gateway never sent that command to that device), stays out of the command's history and
 * of its flow, whichever of the two arrives first; it stays in its own device's trail, and is counted.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class ForeignCommandReportsTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    DeviceEventStore store;

    TestMqttClient bus;
    String owners;
    String strangers;
    String commandId;

    @BeforeEach
    void setUp() {
        bus = DoorlockInfrastructure.broker().harness();
        owners = "door-a-" + UUID.randomUUID();
        strangers = "door-b-" + UUID.randomUUID();
        commandId = UUID.randomUUID().toString();
    }

    @AfterEach
    void tearDown() {
        bus.close();
    }

    @Test
    void aForeignAckAfterTheCommandIsKeptOutOfItsHistoryAndCounted() throws Exception {
        double before = foreignAcksCounted();
        publishRequest();
        await().atMost(WAIT).until(() -> store.count("commandId", commandId) == 1);
        String foreign = publishAck(strangers);
        publishAck(owners);

        await().atMost(WAIT).until(() -> store.count("deviceId", owners) == 2 && store.count("deviceId", strangers) == 1);
        // the foreign ack is unlinked just after it is stored, before the broker has its acknowledgement
        await().atMost(WAIT).untilAsserted(() -> assertOnlyTheOwnersEventsInTheHistory(foreign));
        await().atMost(WAIT).until(() -> foreignAcksCounted() == before + 1);
    }

    @Test
    void aForeignAckBeforeTheCommandIsTakenOutOfItsHistoryWhenTheCommandComes() throws Exception {
        double before = foreignAcksCounted();
        String foreign = publishAck(strangers);
        await().atMost(WAIT).until(() -> store.count("deviceId", strangers) == 1);
        publishRequest();
        publishAck(owners);

        await().atMost(WAIT).until(() -> store.count("deviceId", owners) == 2);
        await().atMost(WAIT).untilAsserted(() -> assertOnlyTheOwnersEventsInTheHistory(foreign));
        await().atMost(WAIT).until(() -> foreignAcksCounted() == before + 1);
    }

    private void assertOnlyTheOwnersEventsInTheHistory(String foreign) {
        JsonPath command = get("/internal/audit/history?commandId=" + commandId);
        assertThat(command.getList("deviceId")).containsOnly(owners);
        assertThat(command.getList("eventType")).containsExactlyInAnyOrder("command_requested", "command_ack");
        assertThat(get("/internal/audit/history?correlationId=" + commandId).getList("deviceId")).containsOnly(owners);

        // still in the stranger's own trail, as what it said, but linked to nothing
        JsonPath own = get("/internal/audit/events?deviceId=" + strangers);
        assertThat(own.getList("events.id")).containsExactly(foreign);
        assertThat(own.getString("events[0].commandId")).isNull();
        assertThat(own.getString("events[0].correlationId")).isNull();
        assertThat(own.getString("events[0].payload.commandId")).isEqualTo(commandId);
    }

    private void publishRequest() {
        CommandRequested request = new CommandRequested(commandId, owners, CommandType.UNLOCK_DOOR, CODEC.mapper().createObjectNode(), "user-a",
                Instant.now(), Optional.empty(), List.of("view", "control"));
        bus.publish(Topics.COMMAND_REQUESTED, CODEC.encode(new BusEnvelope(UUID.randomUUID().toString(), BusTypes.COMMAND_REQUESTED,
                Instant.now(), "dashboard-gateway", commandId, owners, Optional.of("user-a"), CODEC.toTree(request))));
    }

    /** An ack of {@code deviceId}, as device-gateway publishes it; answers its message id. */
    private String publishAck(String deviceId) throws Exception {
        BusEnvelope ack = new BusEnvelope(UUID.randomUUID().toString(), BusTypes.DEVICE_EVENT, Instant.now(), "device-gateway", commandId,
                deviceId, Optional.of("owner-of-" + deviceId), CODEC.mapper().readTree("{\"deviceId\":\"" + deviceId + "\",\"event\":\"command_ack\","
                        + "\"data\":{\"commandId\":\"" + commandId + "\",\"status\":\"executed\"},\"receivedAt\":\"" + Instant.now() + "\","
                        + "\"metadata\":{\"source\":\"websocket\"}}"));
        bus.publish(Topics.busDeviceEvent("command_ack"), CODEC.encode(ack));
        return ack.id();
    }

    private static JsonPath get(String path) {
        return given().header("X-Doorlock-Internal-Token", "test-internal-token").get(path).then().statusCode(200).extract().jsonPath();
    }

    private static double foreignAcksCounted() {
        return PrometheusText.sum(given().get("/q/metrics").then().statusCode(200).extract().asString(), "doorlock_audit_foreign_command_events_total",
                "event=\"command_ack\"");
    }
}
