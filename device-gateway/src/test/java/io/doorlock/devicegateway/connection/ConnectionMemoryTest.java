package io.doorlock.devicegateway.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorlock.devicegateway.TestDevices;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an idle device connection costs the gateway, and that nothing of it stays once the device is gone (issue 20:
 * device-gateway's resident memory grew run over run).
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class ConnectionMemoryTest {

    @TestHTTPResource("/ws/device")
    URI endpoint;

    @Inject
    Vertx vertx;

    @BeforeEach
    void registerDevices() {
        TestDevices.registerFleet();
    }

    /**
     * Browsers and Node's {@code ws} (socket.io-client) offer {@code permessage-deflate}. Accepted, every connection
     * would hold a native zlib stream (~100 KiB that glibc never gives back) for frames too small to shrink. The
     * handshake's answer shows what was agreed: no extension.
     */
    @Test
    void aDeviceOfferingCompressionGetsAPlainWebSocket() throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setTryUsePerMessageCompression(true));
        try {
            CompletableFuture<String> authenticated = new CompletableFuture<>();
            CompletableFuture<String> extensions = new CompletableFuture<>();
            WebSocket ws = client.connect(new WebSocketConnectOptions().setAbsoluteURI(
                    endpoint.toString().replaceFirst("^http", "ws") + "?deviceId=door-7").addHeader("Authorization", "Bearer token-door-7"))
                    .map(socket -> {
                        // The handshake's answer is readable only here, when the socket is first handed over.
                        extensions.complete(String.valueOf(socket.headers().get("Sec-WebSocket-Extensions")));
                        socket.textMessageHandler(text -> {
                            if (text.contains("\"authenticated\"")) {
                                authenticated.complete(text);
                            }
                        });
                        return socket;
                    }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(authenticated.get(10, TimeUnit.SECONDS)).contains("door-7");
            assertThat(extensions.get()).as("extensions the gateway agreed to").isEqualTo("null");
            ws.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    /** Devices that connect and go leave no connection, pending handshake or Socket.IO session counted behind them. */
    @Test
    void devicesThatComeAndGoLeaveNothingCounted() {
        await().atMost(TestDevices.WAIT).until(() -> TestDevices.metric("doorlock_device_connections", "transport=\"websocket\"") == 0);
        for (int round = 0; round < 2; round++) {
            List<TestWebSocket> sockets = new ArrayList<>();
            for (int n = 8; n <= 13; n++) {
                sockets.add(TestDevices.webSocket(endpoint, "door-" + n));
            }
            assertThat(TestDevices.metric("doorlock_device_connections", "transport=\"websocket\"")).isEqualTo(6);
            // A socket that never authenticates is counted as pending until it goes.
            TestWebSocket anonymous = TestWebSocket.connect(endpoint.toString().replaceFirst("^http", "ws"));
            await().atMost(TestDevices.WAIT).until(() -> TestDevices.metric("doorlock_device_handshakes_pending") == 1);
            sockets.add(anonymous);
            sockets.forEach(TestWebSocket::close);
            await().atMost(TestDevices.WAIT).untilAsserted(() -> {
                assertThat(TestDevices.metric("doorlock_device_connections", "transport=\"websocket\"")).as("connections").isZero();
                assertThat(TestDevices.metric("doorlock_device_handshakes_pending")).as("pending handshakes").isZero();
                assertThat(TestDevices.metric("doorlock_socketio_sessions")).as("Socket.IO sessions").isZero();
            });
        }
    }
}
