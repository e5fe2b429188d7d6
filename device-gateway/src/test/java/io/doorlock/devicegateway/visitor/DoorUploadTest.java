package io.doorlock.devicegateway.visitor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.devicegateway.TestDevices;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.FreePorts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/door/upload}: what reaches dashboard-gateway's internal route (a stand-in HTTP server here; the
 * system test uses the real one), and what is refused before anything is forwarded.
 */
@QuarkusTest
@TestProfile(DoorUploadTest.WithDashboard.class)
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class DoorUploadTest {

    static final int DASHBOARD_PORT = FreePorts.find();

    public static class WithDashboard implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("doorlock.device-gateway.visitors.dashboard-url", "http://127.0.0.1:" + DASHBOARD_PORT);
        }
    }

    record Forwarded(String deviceId, String token, byte[] body) {}

    static final List<Forwarded> FORWARDED = new CopyOnWriteArrayList<>();
    static Vertx vertx;

    @BeforeAll
    static void startDashboard() throws Exception {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            FORWARDED.add(new Forwarded(request.getParam("deviceId"), request.getHeader("X-Doorlock-Internal-Token"), body.getBytes()));
            request.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                    .end("{\"success\":true,\"data\":{\"visitorLogId\":\"0123456789abcdef01234567\"}}");
        }));
        server.listen(DASHBOARD_PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopDashboard() {
        vertx.close();
    }

    @BeforeEach
    void clear() {
        TestDevices.registerFleet();
        FORWARDED.clear();
    }

    @Test
    void aJpegFromTheDeviceIsHandedToDashboardGateway() {
        byte[] photo = image(new int[] {0xFF, 0xD8, 0xFF, 0xE0}, 4096);
        given().header("Authorization", "Bearer token-door-1").multiPart("deviceId", "door-1").multiPart("image", "whatever.bin", photo)
                .post("/api/door/upload").then().statusCode(201);
        assertThat(FORWARDED).hasSize(1);
        assertThat(FORWARDED.get(0).deviceId()).isEqualTo("door-1");
        assertThat(FORWARDED.get(0).token()).isEqualTo("test-internal-token");
        assertThat(FORWARDED.get(0).body()).isEqualTo(photo);
    }

    @Test
    void aPngIsAcceptedToo() {
        byte[] photo = image(new int[] {0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A}, 1024);
        given().header("Authorization", "Bearer token-door-1").multiPart("deviceId", "door-1").multiPart("image", "x.jpg", photo, "image/jpeg")
                .post("/api/door/upload").then().statusCode(201);
        assertThat(FORWARDED).hasSize(1);
    }

    @Test
    void refusalsAreClearAndForwardNothing() {
        byte[] photo = image(new int[] {0xFF, 0xD8, 0xFF, 0xE0}, 1024);
        given().header("Authorization", "Bearer wrong").multiPart("deviceId", "door-1").multiPart("image", "a.jpg", photo)
                .post("/api/door/upload").then().statusCode(401);
        given().header("Authorization", "Bearer token-door-2").multiPart("deviceId", "door-1").multiPart("image", "a.jpg", photo)
                .post("/api/door/upload").then().statusCode(401); // another device's token
        given().multiPart("deviceId", "door-1").multiPart("image", "a.jpg", photo).post("/api/door/upload").then().statusCode(401);
        given().header("Authorization", "Bearer token-door-1").multiPart("deviceId", "door-1")
                .multiPart("image", "a.jpg", "GIF89a, or a script pretending".getBytes(), "image/jpeg")
                .post("/api/door/upload").then().statusCode(415);
        given().header("Authorization", "Bearer token-door-1").multiPart("deviceId", "door-1")
                .multiPart("image", "big.jpg", image(new int[] {0xFF, 0xD8, 0xFF, 0xE0}, 5 * 1024 * 1024 + 1))
                .post("/api/door/upload").then().statusCode(413);
        given().header("Authorization", "Bearer token-door-1").multiPart("deviceId", "door-1").multiPart("other", "x")
                .post("/api/door/upload").then().statusCode(400);
        assertThat(FORWARDED).isEmpty();
    }

    @Test
    void uploadsPastTheLimitOfADeviceGet429WithRetryAfterAndAreNotForwarded() {
        // The default limit (5 a minute per device); door-2 is this test's alone.
        byte[] photo = image(new int[] {0xFF, 0xD8, 0xFF, 0xE0}, 1024);
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", "Bearer token-door-2").multiPart("deviceId", "door-2").multiPart("image", "a.jpg", photo)
                    .post("/api/door/upload").then().statusCode(201);
        }
        Response limited = given().header("Authorization", "Bearer token-door-2").multiPart("deviceId", "door-2")
                .multiPart("image", "a.jpg", photo).post("/api/door/upload");
        limited.then().statusCode(429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(FORWARDED).hasSize(5);
        // Another device is not affected.
        given().header("Authorization", "Bearer token-door-3").multiPart("deviceId", "door-3").multiPart("image", "a.jpg", photo)
                .post("/api/door/upload").then().statusCode(201);
        assertThat(FORWARDED).hasSize(6);
    }

    @Test
    void aStrangerCannotUseUpADevicesUploads() {
        byte[] photo = image(new int[] {0xFF, 0xD8, 0xFF, 0xE0}, 1024);
        for (int i = 0; i < 10; i++) {
            given().header("Authorization", "Bearer wrong").multiPart("deviceId", "door-4").multiPart("image", "a.jpg", photo)
                    .post("/api/door/upload").then().statusCode(401);
        }
        given().header("Authorization", "Bearer token-door-4").multiPart("deviceId", "door-4").multiPart("image", "a.jpg", photo)
                .post("/api/door/upload").then().statusCode(201);
        assertThat(FORWARDED).hasSize(1);
    }

    static byte[] image(int[] magic, int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 7);
        for (int i = 0; i < magic.length; i++) {
            bytes[i] = (byte) magic[i];
        }
        return bytes;
    }
}
