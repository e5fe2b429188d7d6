package io.doorlock.auditservice.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.doorlock.auditservice.audit.DeviceEventDocument;
import io.doorlock.auditservice.audit.DeviceEventStore;
import io.doorlock.testing.DoorlockInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class InternalAuditResourceTest {

    static final String TOKEN = "test-internal-token";
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Inject
    DeviceEventStore store;

    String device;
    String commandId;
    String correlation;

    @BeforeEach
    void events() {
        device = "q-" + UUID.randomUUID();
        commandId = UUID.randomUUID().toString();
        correlation = UUID.randomUUID().toString();
        List<DeviceEventDocument> docs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            docs.add(event(device, i % 3 == 0 ? "door_opened" : "device_heartbeat", NOW.minus(30 - i, ChronoUnit.MINUTES), null, null));
        }
        docs.add(event(device, "command_requested", NOW.minusSeconds(3), commandId, correlation));
        docs.add(event(device, "command_sent", NOW.minusSeconds(2), commandId, correlation));
        docs.add(event(device, "command_ack", NOW.minusSeconds(1), commandId, correlation));
        docs.add(event(device, "command_executed", NOW.minusMillis(500), commandId, correlation));
        docs.add(event(device, "new_visitor", NOW.minus(2, ChronoUnit.HOURS), null, correlation));
        docs.add(event(device, "command_failed", NOW.minus(3, ChronoUnit.HOURS), null, null));
        docs.add(event(device, "door_opened", NOW.minus(2, ChronoUnit.DAYS), null, null));
        docs.add(event("other-" + device, "door_opened", NOW, null, null));
        store.storeAll(docs);
    }

    static DeviceEventDocument event(String deviceId, String type, Instant at, String commandId, String correlationId) {
        DeviceEventDocument doc = new DeviceEventDocument();
        doc.id = UUID.randomUUID().toString();
        doc.deviceId = deviceId;
        doc.eventType = type;
        doc.payload = new Document("n", 1);
        doc.commandId = commandId;
        doc.correlationId = correlationId;
        doc.timestamp = at;
        doc.metadata = new DeviceEventDocument.Metadata();
        doc.metadata.source = "websocket";
        return doc;
    }

    static JsonPath get(String path) {
        return given().header("X-Doorlock-Internal-Token", TOKEN).get(path).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aDevicesEventsArePagedNewestFirstAndFilteredByTypeAndTime() {
        JsonPath first = get("/internal/audit/events?deviceId=" + device + "&limit=10");
        assertThat(first.getLong("total")).isEqualTo(37);
        assertThat(first.getBoolean("hasMore")).isTrue();
        assertThat(first.getList("events.eventType")).first().isEqualTo("command_executed");
        List<String> times = first.getList("events.timestamp");
        assertThat(times).isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));

        JsonPath last = get("/internal/audit/events?deviceId=" + device + "&limit=10&page=4");
        assertThat(last.getList("events")).hasSize(7);
        assertThat(last.getBoolean("hasMore")).isFalse();
        assertThat(last.getList("events.eventType")).last().isEqualTo("door_opened");

        JsonPath doors = get("/internal/audit/events?deviceId=" + device + "&type=door_opened&from=" + NOW.minus(1, ChronoUnit.DAYS));
        assertThat(doors.getLong("total")).isEqualTo(10);
        assertThat(doors.getList("events.deviceId")).containsOnly(device);

        JsonPath two = get("/internal/audit/events?deviceId=" + device + "&type=command_sent,command_ack&to=" + NOW);
        assertThat(two.getList("events.eventType")).containsExactly("command_ack", "command_sent");
    }

    @Test
    void aCommandsAndAFlowsHistoryComeInOrder() {
        assertThat(get("/internal/audit/history?commandId=" + commandId).getList("eventType"))
                .containsExactly("command_requested", "command_sent", "command_ack", "command_executed");
        assertThat(get("/internal/audit/history?correlationId=" + correlation).getList("eventType"))
                .containsExactly("new_visitor", "command_requested", "command_sent", "command_ack", "command_executed");
    }

    @Test
    void usageFiguresHaveTheSeedsShape() {
        JsonPath usage = get("/internal/audit/usage");
        assertThat(usage.getLong("period.last24Hours.events")).isGreaterThanOrEqualTo(36);
        assertThat(usage.getLong("period.last24Hours.visitors")).isGreaterThanOrEqualTo(1);
        assertThat(usage.getLong("period.last24Hours.commands")).isGreaterThanOrEqualTo(1);
        assertThat(usage.getLong("period.last24Hours.errors")).isGreaterThanOrEqualTo(1);
        assertThat(usage.getString("period.last24Hours.errorRate")).matches("\\d+\\.\\d\\d%");
        assertThat(usage.getLong("period.lastHour.events")).isGreaterThanOrEqualTo(34);
        assertThat(usage.getString("period.lastHour.eventsPerMinute")).matches("\\d+\\.\\d\\d");
    }

    @Test
    void withoutTheInternalTokenOrWithBadParametersTheQueryIsRefused() {
        given().get("/internal/audit/events?deviceId=" + device).then().statusCode(403).body(containsString("internal token"));
        given().header("X-Doorlock-Internal-Token", "wrong").get("/internal/audit/usage").then().statusCode(403);
        given().header("X-Doorlock-Internal-Token", TOKEN).get("/internal/audit/events").then().statusCode(400);
        given().header("X-Doorlock-Internal-Token", TOKEN).get("/internal/audit/events?deviceId=x&limit=1000").then().statusCode(400);
        given().header("X-Doorlock-Internal-Token", TOKEN).get("/internal/audit/events?deviceId=x&from=yesterday").then().statusCode(400);
        given().header("X-Doorlock-Internal-Token", TOKEN).get("/internal/audit/history").then().statusCode(400);
    }
}
