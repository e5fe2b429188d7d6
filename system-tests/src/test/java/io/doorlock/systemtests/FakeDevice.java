package io.doorlock.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.json.JsonCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A door lock as the device protocol asks firmware to behave: it acks {@code received} then {@code executed}, executes
 * each command id once, answers a repeated id with {@code executed} again without executing it, and refuses a command
 * past its {@code expiresAt}. It can be told to lose the acks of a first delivery (executed, but Wi-Fi dropped the
 * acks), or to stay silent altogether (receive, neither execute nor ack).
 */
final class FakeDevice implements AutoCloseable {

    private static final JsonCodec CODEC = new JsonCodec();

    final String deviceId;
    private final String token;
    /** Deliveries per command id (every frame received, re-sends included). */
    final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    /** Command frames that arrived after their own expiresAt: the platform must never send one. */
    final AtomicInteger late = new AtomicInteger();
    private final Set<String> executed;
    /** Commands really carried out (a repeated id is answered, never executed again). */
    final AtomicInteger executions;
    /** Events sent, by request id; an event answered UNAVAILABLE is sent again with the same id. */
    final Map<String, String> events = new ConcurrentHashMap<>();
    final AtomicInteger eventRetries = new AtomicInteger();
    private final Predicate<String> loseFirstAck;
    private volatile boolean silent;
    private final WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    private FakeDevice(String deviceId, String token, String url, Predicate<String> loseFirstAck, Set<String> executed, AtomicInteger executions) {
        this.deviceId = deviceId;
        this.token = token;
        this.executed = executed;
        this.executions = executions;
        this.loseFirstAck = loseFirstAck;
        CountDownLatch authenticated = new CountDownLatch(1);
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url + "?deviceId=" + deviceId), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            String frame = text.toString();
                            text.setLength(0);
                            if (frame.contains("\"event\":\"authenticated\"")) {
                                authenticated.countDown();
                            } else {
                                onFrame(frame);
                            }
                        }
                        ws.request(1);
                        return null;
                    }
                }).join();
        try {
            if (!authenticated.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(deviceId + " not authenticated");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code device} (registered, with the token its registration answered) connects to {@code url}. */
    static FakeDevice connect(UserAccount.Device device, String url, Predicate<String> loseFirstAck) {
        return new FakeDevice(device.id(), device.token(), url, loseFirstAck, ConcurrentHashMap.newKeySet(), new AtomicInteger());
    }

    /** The same device back on a new connection, remembering what it executed (firmware keeps its command log). */
    static FakeDevice reconnect(FakeDevice previous, String url) {
        return new FakeDevice(previous.deviceId, previous.token, url, id -> false, previous.executed, previous.executions);
    }

    /** Receive but never ack, until {@link #speak()}. */
    void silence() {
        silent = true;
    }

    void speak() {
        silent = false;
    }

    int deliveriesOf(String commandId) {
        return deliveries.getOrDefault(commandId, new AtomicInteger()).get();
    }

    /** Commands this device executed (each once). */
    boolean executed(String commandId) {
        return executed.contains(commandId);
    }

    /** Sends {@code door_status_changed} with request id {@code id}; kept for a retry if the platform cannot take it. */
    void sendEvent(String id) {
        String frame = "{\"event\":\"door_status_changed\",\"data\":{\"deviceId\":\"" + deviceId + "\",\"status\":\"locked\"},\"id\":\"" + id + "\"}";
        events.put(id, frame);
        send(frame);
    }

    private void onFrame(String frame) {
        JsonNode json;
        try {
            json = CODEC.mapper().readTree(frame);
        } catch (Exception e) {
            return;
        }
        if ("error".equals(json.at("/event").asText()) && "UNAVAILABLE".equals(json.at("/data/code").asText())) {
            String again = events.get(json.at("/id").asText(""));
            if (again != null) {
                eventRetries.incrementAndGet();
                CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> send(again)); // same id: stored once
            }
            return;
        }
        String commandId = json.at("/data/commandId").asText("");
        if (commandId.isEmpty()) {
            return;
        }
        int delivery = deliveries.computeIfAbsent(commandId, id -> new AtomicInteger()).incrementAndGet();
        String expiresAt = json.at("/data/expiresAt").asText("");
        if (!expiresAt.isEmpty() && java.time.Instant.parse(expiresAt).isBefore(java.time.Instant.now())) {
            late.incrementAndGet();
            return; // firmware refuses an expired command
        }
        if (silent) {
            return;
        }
        boolean first = executed.add(commandId); // executes each id once, as the protocol asks
        if (first) {
            executions.incrementAndGet();
        }
        if (delivery == 1 && loseFirstAck.test(commandId)) {
            return; // executed, but both acks are lost on the way
        }
        if (first) {
            send(ack(commandId, "received"));
        }
        send(ack(commandId, "executed")); // a repeat is answered, never executed again
    }

    private static String ack(String commandId, String status) {
        return "{\"event\":\"command_ack\",\"data\":{\"commandId\":\"" + commandId + "\",\"status\":\"" + status + "\"}}";
    }

    private synchronized void send(String text) {
        sending = sending.thenCompose(v -> socket.sendText(text, true)).exceptionally(e -> null);
    }

    @Override
    public void close() {
        try {
            socket.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            socket.abort();
        }
    }
}
