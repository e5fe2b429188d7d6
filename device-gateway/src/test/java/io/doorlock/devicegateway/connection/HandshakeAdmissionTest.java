package io.doorlock.devicegateway.connection;

import static io.restassured.RestAssured.given;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.devicegateway.TestDevices;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A reconnect storm meets a bounded number of handshakes in flight; the rest are told when to come back. */
@QuarkusTest
@TestProfile(HandshakeAdmissionTest.TwoPending.class)
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class HandshakeAdmissionTest {

    public static class TwoPending implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A long auth timeout: the two waiting sockets must still be open when the test authenticates one of them.
            return Map.of("doorlock.device-gateway.admission.max-pending-handshakes", "2",
                    "doorlock.device-gateway.admission.retry-after", "3s",
                    "doorlock.device-gateway.auth-timeout", "60s");
        }
    }

    @TestHTTPResource("/ws/device")
    URI endpoint;

    @BeforeEach
    void registerDevices() {
        TestDevices.registerFleet();
    }

    @Test
    void upgradesBeyondTheLimitAreRefusedWithRetryAfterUntilHandshakesComplete() throws Exception {
        List<TestWebSocket> waiting = new ArrayList<>();
        String url = endpoint.toString().replaceFirst("^http", "ws");
        waiting.add(TestWebSocket.connect(url));
        waiting.add(TestWebSocket.connect(url));
        org.awaitility.Awaitility.await().atMost(TestDevices.WAIT)
                .until(() -> TestDevices.metric("doorlock_device_handshakes_pending") == 2);

        String refused = upgrade();
        assertThat(refused).startsWith("HTTP/1.1 503");
        int retryAfter = Integer.parseInt(refused.lines().filter(l -> l.toLowerCase().startsWith("retry-after:"))
                .findFirst().orElseThrow().substring("retry-after:".length()).trim());
        assertThat(retryAfter).as("base 3 s plus up to 3 s of jitter").isBetween(3, 6);
        assertThat(TestDevices.metric("doorlock_device_handshakes_total", "reason=\"admission\"")).isGreaterThanOrEqualTo(1);
        // Socket.IO firmware meets the same admission: a new session over polling or over WebSocket is refused too.
        String polling = request("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: " + endpoint.getHost() + "\r\n\r\n");
        assertThat(polling).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after:");
        assertThat(upgrade("/socket.io/?EIO=4&transport=websocket")).startsWith("HTTP/1.1 503");
        assertThat(upgrade("/socket.io/?EIO=4&transport=websocket&sid=")).as("an empty sid opens a new session").startsWith("HTTP/1.1 503");

        // Once a waiting socket authenticates, a slot is free again.
        waiting.get(0).send("{\"event\":\"authenticate\",\"data\":{\"deviceId\":\"door-2\",\"token\":\"token-door-2\"}}");
        waiting.get(0).awaitEvent("authenticated", TestDevices.WAIT);
        assertThat(upgrade()).startsWith("HTTP/1.1 101");
        // That probe's socket is gone again: one waits, so a new Socket.IO session is admitted too.
        org.awaitility.Awaitility.await().atMost(TestDevices.WAIT)
                .until(() -> TestDevices.metric("doorlock_device_handshakes_pending") == 1);
        assertThat(upgrade("/socket.io/?EIO=4&transport=websocket")).startsWith("HTTP/1.1 101");
        waiting.forEach(TestWebSocket::close);
        org.awaitility.Awaitility.await().atMost(TestDevices.WAIT)
                .until(() -> TestDevices.metric("doorlock_device_handshakes_pending") == 0);
    }

    @Test
    void socketIoSessionsWhoseClientNeverConnectsCountAsWaiting() throws Exception {
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String open = given().queryParam("EIO", "4").queryParam("transport", "polling").get("/socket.io/").then().statusCode(200)
                    .extract().asString();
            sids.add(open.replaceAll("(?s).*\"sid\":\"([^\"]+)\".*", "$1"));
        }
        // Two Engine.IO sessions with no CONNECT: a third handshake waits its turn.
        given().queryParam("EIO", "4").queryParam("transport", "polling").get("/socket.io/").then().statusCode(503)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        for (String sid : sids) {
            given().queryParam("EIO", "4").queryParam("transport", "polling").queryParam("sid", sid).body("1")
                    .post("/socket.io/").then().statusCode(200);
        }
        given().queryParam("EIO", "4").queryParam("transport", "polling").get("/socket.io/").then().statusCode(200);
    }

    private String upgrade() throws Exception {
        return upgrade("/ws/device");
    }

    /** A raw upgrade request, so that the refusal's status line and headers can be read. */
    private String upgrade(String path) throws Exception {
        return request("GET " + path + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n");
    }

    /** Sends a raw HTTP request; answers the status line and headers. */
    private String request(String raw) throws Exception {
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString();
        }
    }
}
