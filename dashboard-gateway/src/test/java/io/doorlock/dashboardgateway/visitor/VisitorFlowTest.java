package io.doorlock.dashboardgateway.visitor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.dashboardgateway.user.TestUsers;
import io.doorlock.dashboardgateway.registry.DeviceRepository;
import io.doorlock.dashboardgateway.registry.TestDevices;
import io.doorlock.dashboardgateway.user.UserRepository;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The visitor flow on dashboard-gateway: a photo arrives (as device-gateway forwards it), the right dashboards hear of
 * it, exactly one decision wins, and the unlock is requested once. door-1: owner user-1, user-2 view, user-3 control.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class VisitorFlowTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(10);
    static final byte[] JPEG = jpeg(2048);

    @TestHTTPResource("/ws/dashboard")
    URI endpoint;

    @Inject
    UserRepository users;

    @Inject
    DeviceRepository devices;

    @Inject
    VisitorStore store;

    TestMqttClient bus;

    @BeforeEach
    void setUp() {
        TestUsers.ensure(users, "user-1", "user-2", "user-3", "user-7");
        TestDevices.ensureDoors(devices);
        bus = DoorlockInfrastructure.broker().harness().subscribe(Topics.COMMAND_REQUESTED, Topics.VISITORS_ALL);
    }

    @AfterEach
    void tearDown() {
        bus.close();
    }

    @Test
    void aNewVisitorReachesExactlyThoseWhoMayViewTheDevice() {
        try (TestWebSocket owner = dashboard("user-1"); TestWebSocket viewer = dashboard("user-2"); TestWebSocket stranger = dashboard("user-7")) {
            String visitorId = upload("door-1", JPEG).then().statusCode(201).extract().path("data.visitorLogId");
            JsonNode toOwner = json(owner.awaitEvent("new_visitor", WAIT));
            assertThat(toOwner.at("/data/visitorId").asText()).isEqualTo(visitorId);
            assertThat(toOwner.at("/data/imageUrl").asText()).isEqualTo("/api/door/logs/" + visitorId + "/image");
            assertThat(json(viewer.awaitEvent("new_visitor", WAIT)).at("/data/deviceId").asText()).isEqualTo("door-1");
            bus.await(m -> m.topic().equals(Topics.VISITOR_NEW) && m.payload().contains(visitorId), WAIT);
            sleep(300);
            assertThat(stranger.drain()).as("the stranger hears nothing").noneMatch(f -> f.contains(visitorId));

            byte[] photo = given().auth().oauth2(token("user-2")).get("/api/door/logs/" + visitorId + "/image")
                    .then().statusCode(200).contentType("image/jpeg").extract().asByteArray();
            assertThat(photo).isEqualTo(JPEG);
            given().auth().oauth2(token("user-7")).get("/api/door/logs/" + visitorId + "/image").then().statusCode(403);
            given().auth().oauth2(token("user-7")).get("/api/door/logs/" + visitorId).then().statusCode(403);
            assertThat(pendingIds("user-1")).contains(visitorId);
            assertThat(pendingIds("user-7")).doesNotContain(visitorId);
        }
    }

    @Test
    void onlyImagesWithinTheLimitAreAcceptedAndNothingIsCreatedOtherwise() {
        long before = total("user-1");
        upload("door-1", "GIF89a not a jpeg at all".getBytes()).then().statusCode(415);
        upload("door-1", jpeg(5 * 1024 * 1024 + 1)).then().statusCode(413);
        given().header("X-Doorlock-Internal-Token", "wrong").queryParam("deviceId", "door-1").contentType("image/jpeg").body(JPEG)
                .post("/internal/visitors").then().statusCode(403);
        assertThat(total("user-1")).isEqualTo(before);
    }

    @Test
    void twentyConcurrentDecisionsHaveOneWinnerAndOneCommand() throws Exception {
        String metricsBefore = io.restassured.RestAssured.get("/q/metrics").asString();
        String visitorId = upload("door-1", JPEG).then().statusCode(201).extract().path("data.visitorLogId");
        try (TestWebSocket viewer = dashboard("user-2")) {
            ExecutorService pool = Executors.newFixedThreadPool(20);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String user = i % 2 == 0 ? "user-1" : "user-3";
                String route = i % 3 == 0 ? "/api/command/deny" : "/api/command/open";
                calls.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return given().auth().oauth2(token(user)).contentType("application/json")
                            .body("{\"visitorLogId\":\"" + visitorId + "\",\"notes\":\"race\"}").post(route).statusCode();
                }, pool));
            }
            start.countDown();
            List<Integer> codes = calls.stream().map(CompletableFuture::join).toList();
            pool.shutdown();
            assertThat(codes.stream().filter(c -> c / 100 == 2)).as("one winner in %s", codes).hasSize(1);
            assertThat(codes.stream().filter(c -> c == 409)).hasSize(19);

            JsonNode processed = json(viewer.awaitEvent("visitor_processed", WAIT));
            assertThat(processed.at("/data/visitorId").asText()).isEqualTo(visitorId);
            String status = store.find(visitorId).orElseThrow().status();
            sleep(500);
            // Distinct command ids: with no command-service in this test, the request is re-published every 3 s.
            long unlocks = bus.drain().stream().filter(m -> m.topic().equals(Topics.COMMAND_REQUESTED) && m.payload().contains(visitorId))
                    .map(m -> json(m.payload()).at("/data/commandId").asText()).distinct().count();
            if (status.equals("granted")) {
                assertThat(unlocks).as("exactly one unlock, correlated with the visitor").isEqualTo(1);
                assertThat(store.find(visitorId).orElseThrow().commandId()).isPresent();
            } else {
                assertThat(status).isEqualTo("denied");
                assertThat(unlocks).as("a denial requests nothing").isZero();
            }
            String metricsAfter = io.restassured.RestAssured.get("/q/metrics").asString();
            assertThat(io.doorlock.testing.PrometheusText.sum(metricsAfter, "doorlock_visitor_decisions_total", "result=\"" + status + "\"")
                    - io.doorlock.testing.PrometheusText.sum(metricsBefore, "doorlock_visitor_decisions_total", "result=\"" + status + "\"")).isEqualTo(1);
            assertThat(io.doorlock.testing.PrometheusText.sum(metricsAfter, "doorlock_visitor_decisions_total", "result=\"conflict\"")
                    - io.doorlock.testing.PrometheusText.sum(metricsBefore, "doorlock_visitor_decisions_total", "result=\"conflict\"")).isEqualTo(19);
        }
    }

    @Test
    void aViewerCannotOpenAndTheVisitorStaysPending() {
        String visitorId = upload("door-1", JPEG).then().statusCode(201).extract().path("data.visitorLogId");
        given().auth().oauth2(token("user-2")).contentType("application/json").body("{\"visitorLogId\":\"" + visitorId + "\"}")
                .post("/api/command/open").then().statusCode(403);
        given().auth().oauth2(token("user-7")).contentType("application/json").body("{\"visitorLogId\":\"" + visitorId + "\"}")
                .post("/api/command/open").then().statusCode(403);
        assertThat(store.find(visitorId).orElseThrow().status()).isEqualTo("pending");

        Response opened = given().auth().oauth2(token("user-3")).contentType("application/json")
                .body("{\"visitorLogId\":\"" + visitorId + "\",\"notes\":\"the plumber\"}").post("/api/command/open");
        opened.then().statusCode(200);
        String commandId = opened.path("data.commandId");
        JsonNode request = json(bus.await(m -> m.topic().equals(Topics.COMMAND_REQUESTED) && m.payload().contains(commandId), WAIT).payload());
        assertThat(request.at("/correlationId").asText()).isEqualTo(visitorId);
        assertThat(request.at("/data/command").asText()).isEqualTo("unlock_door");
        assertThat(request.at("/data/payload/duration").asInt()).isEqualTo(5000);
        VisitorLog decided = store.find(visitorId).orElseThrow();
        assertThat(decided.status()).isEqualTo("granted");
        assertThat(decided.adminId()).contains("user-3");
        assertThat(decided.notes()).contains("the plumber");
    }

    @Test
    void aVisitorLeftPendingExpiresAndCanNoLongerBeLetIn() {
        Instant past = Instant.now().minus(Duration.ofMinutes(10));
        VisitorLog old = store.create("door-1", JPEG, "image/jpeg", past, past.plus(Duration.ofMinutes(5)));
        JsonNode expired = json(bus.await(m -> m.topic().equals(Topics.VISITOR_PROCESSED) && m.payload().contains(old.id()), WAIT).payload());
        assertThat(expired.at("/data/decision").asText()).isEqualTo("expired");
        given().auth().oauth2(token("user-1")).contentType("application/json").body("{\"visitorLogId\":\"" + old.id() + "\"}")
                .post("/api/command/open").then().statusCode(409);
        assertThat(store.find(old.id()).orElseThrow().status()).isEqualTo("expired");
    }

    @Test
    void aGrantWhoseUnlockWasNeverRecordedIsRepaired() {
        String visitorId = upload("door-1", JPEG).then().statusCode(201).extract().path("data.visitorLogId");
        // As if the replica died right after the decision, before recording the unlock.
        Instant decidedAt = Instant.now();
        String commandId = java.util.UUID.randomUUID().toString();
        store.decide(visitorId, "granted", "user-1", java.util.Optional.empty(), java.util.Optional.of(commandId), decidedAt).orElseThrow();
        JsonNode request = json(bus.await(m -> m.topic().equals(Topics.COMMAND_REQUESTED) && m.payload().contains(commandId), WAIT).payload());
        assertThat(request.at("/correlationId").asText()).isEqualTo(visitorId);
        assertThat(Instant.parse(request.at("/data/requestedAt").asText())).as("the deadline counts from the decision")
                .isBetween(decidedAt.minusMillis(1), decidedAt.plusMillis(1));
        bus.await(m -> m.topic().equals(Topics.VISITOR_PROCESSED) && m.payload().contains(visitorId), WAIT);
    }

    private Response upload(String deviceId, byte[] image) {
        return given().header("X-Doorlock-Internal-Token", "test-internal-token").queryParam("deviceId", deviceId)
                .contentType("application/octet-stream").body(image).post("/internal/visitors");
    }

    private List<String> pendingIds(String user) {
        return given().auth().oauth2(token(user)).get("/api/door/logs/pending").then().statusCode(200).extract().path("data.items.id");
    }

    private long total(String user) {
        return ((Number) given().auth().oauth2(token(user)).get("/api/door/logs").then().statusCode(200).extract().path("data.total")).longValue();
    }

    private TestWebSocket dashboard(String userId) {
        TestWebSocket socket = TestWebSocket.connect(endpoint.toString().replaceFirst("^http", "ws"), Map.of("Authorization", "Bearer " + token(userId)));
        socket.awaitEvent("authenticated", WAIT);
        return socket;
    }

    private static String token(String userId) {
        return DoorlockInfrastructure.keys().token(userId, userId + "-name", "user");
    }

    static byte[] jpeg(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 0x42);
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        bytes[2] = (byte) 0xFF;
        bytes[3] = (byte) 0xE0;
        return bytes;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode json(String text) {
        try {
            return CODEC.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
