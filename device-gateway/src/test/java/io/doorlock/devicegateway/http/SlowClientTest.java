package io.doorlock.devicegateway.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.devicegateway.TestDevices;
import io.doorlock.testing.DoorlockInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slow HTTP clients (slow-loris): requests whose headers or body never finish are closed by the idle timeout every
 * service inherits from service-base ({@code quarkus.http.idle-timeout}, 40 s), instead of being held open for as long
 * as the client likes (Quarkus' own default is 30 minutes).
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class SlowClientTest {

    /** The idle timeout and a margin for a loaded machine. */
    static final Duration BOUND = Duration.ofSeconds(40 + 10);

    @TestHTTPResource("/")
    URI server;

    @BeforeEach
    void registerDevices() {
        TestDevices.registerFleet();
    }

    @Test
    void requestsThatNeverFinishAreClosedWithinTheIdleTimeout() throws IOException {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket socket = new Socket(server.getHost(), server.getPort());
                String partial = i % 2 == 0
                        // headers never finished
                        ? "GET /q/health/live HTTP/1.1\r\nHost: doorlock\r\nX-Slow: "
                        // headers done, a body that never arrives
                        : "POST /api/door/upload HTTP/1.1\r\nHost: doorlock\r\nAuthorization: Bearer token-door-1\r\n"
                                + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n";
                OutputStream out = socket.getOutputStream();
                out.write(partial.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            given().get("/q/health/live").then().statusCode(200);

            long deadline = System.nanoTime() + BOUND.toNanos();
            for (Socket socket : slow) {
                assertThat(closedBy(socket, deadline)).as("closed by the server within %s", BOUND).isTrue();
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** Reads until the server closes the connection (end of stream or reset); false when the deadline passes first. */
    private static boolean closedBy(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) left);
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException reset) {
                return true;
            }
        }
    }
}
