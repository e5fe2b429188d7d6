package io.doorlock.testing;

import io.doorlock.common.topic.Topics;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A blocking MQTT 3.1.1 client for tests (Vert.x MQTT underneath), against the real broker. */
public final class TestMqttClient implements AutoCloseable {

    /** A received message. */
    public record Received(String topic, String payload, boolean retained) {}

    private final Vertx vertx;
    private final MqttClient client;
    private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private volatile boolean closing;
    private volatile UnaryOperator<String> busSigner = UnaryOperator.identity();

    private TestMqttClient(Vertx vertx, MqttClient client) {
        this.vertx = vertx;
        this.client = client;
    }

    /** An anonymous client: the broker refuses it (only tests that prove this use it). */
    public static TestMqttClient connectAnonymously(int port) {
        return connect(port, "test-" + UUID.randomUUID(), Optional.empty(), Optional.empty());
    }

    public static TestMqttClient connect(int port, String clientId, Optional<String> username, Optional<String> password) {
        return connect(port, clientId, username, password, Optional.empty());
    }

    /** An MQTT Last Will: published by the broker (QoS 1, retained) when the connection dies without DISCONNECT. */
    public record Will(String topic, String payload) {}

    public static TestMqttClient connect(int port, String clientId, Optional<String> username, Optional<String> password, Optional<Will> will) {
        Vertx vertx = Vertx.vertx();
        MqttClientOptions options = new MqttClientOptions().setClientId(clientId).setCleanSession(true).setAutoKeepAlive(true).setMaxInflightQueue(1000)
                .setMaxMessageSize(1024 * 1024);
        username.ifPresent(options::setUsername);
        password.ifPresent(options::setPassword);
        will.ifPresent(w -> options.setWillFlag(true).setWillTopic(w.topic())
                .setWillMessageBytes(Buffer.buffer(w.payload())).setWillQoS(1).setWillRetain(true));
        MqttClient client = MqttClient.create(vertx, options);
        TestMqttClient test = new TestMqttClient(vertx, client);
        client.exceptionHandler(e -> System.err.println("[TestMqttClient " + clientId + "] connection error: " + e));
        client.closeHandler(v -> {
            if (!test.closing) {
                System.err.println("[TestMqttClient " + clientId + "] connection closed by the broker");
            }
        });
        client.publishCompletionHandler(packetId -> {
            test.pubacks.incrementAndGet();
            test.acknowledged.add(packetId);
        });
        client.publishHandler(m -> test.inbox.add(new Received(m.topicName(), m.payload().toString(StandardCharsets.UTF_8), m.isRetain())));
        await(client.connect(port, "127.0.0.1").toCompletionStage().toCompletableFuture());
        return test;
    }

    /**
     * From now on, every JSON object this client publishes on a bus, registry or gateway topic is signed by
     * {@code signer} (as the service that would publish it), the way the services sign theirs.
     */
    public TestMqttClient signingBusMessages(UnaryOperator<String> signer) {
        this.busSigner = signer;
        return this;
    }

    private String signed(String topic, String payload) {
        boolean internal = topic.startsWith(Topics.BUS_PREFIX) || topic.startsWith(Topics.REGISTRY_DEVICES + "/")
                || topic.startsWith(Topics.GATEWAYS + "/");
        return internal && payload.startsWith("{") ? busSigner.apply(payload) : payload;
    }

    public TestMqttClient subscribe(String... filters) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String f : filters) {
            topics.put(f, 1);
        }
        var done = new CompletableFuture<Void>();
        client.subscribeCompletionHandler(ack -> done.complete(null));
        client.subscribe(topics);
        await(done);
        return this;
    }

    /** Subscribes and returns the QoS the broker granted per filter (128 = refused). */
    public List<Integer> subscribeGranted(String... filters) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String f : filters) {
            topics.put(f, 1);
        }
        var done = new CompletableFuture<List<Integer>>();
        client.subscribeCompletionHandler(ack -> done.complete(ack.grantedQoSLevels()));
        client.subscribe(topics);
        return await(done);
    }

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong pubacks = new AtomicLong();
    /** Packet ids whose PUBACK came and that no publish has claimed yet. */
    private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();

    /** Publishes at QoS 1 and returns once the broker acknowledged it (PUBACK). */
    public void publish(String topic, String payload) {
        publishAcknowledged(topic, payload, false);
    }

    /**
     * The client's publish future completes when the message is written, not at its PUBACK. A test that went on (or
     * closed the client) at that point could lose the message: a connection closed while the PUBACKs were still
     * coming is reset, and the broker drops what it had not read yet (it logs the client as "disconnected due to
     * out of memory"). So every single publish waits for its PUBACK.
     */
    private void publishAcknowledged(String topic, String payload, boolean retain) {
        published.incrementAndGet();
        int packetId = await(client.publish(topic, Buffer.buffer(signed(topic, payload)), MqttQoS.AT_LEAST_ONCE, false, retain)
                .toCompletionStage().toCompletableFuture());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!acknowledged.remove(packetId)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no PUBACK from the broker within 10 s for a publish on " + topic);
            }
            FreePorts.sleep(1);
        }
    }

    /**
     * Publishes at QoS 1 and returns once the message is written, without waiting for a PUBACK: for a publish the
     * broker is expected to refuse. MQTT 3.1.1 lets a broker refuse in silence (Moquette, the embedded fallback, sends
     * no PUBACK; Mosquitto acknowledges and drops), so the broker-rule tests check what a subscriber receives instead.
     */
    public void publishUnacknowledged(String topic, String payload) {
        await(client.publish(topic, Buffer.buffer(signed(topic, payload)), MqttQoS.AT_LEAST_ONCE, false, false)
                .toCompletionStage().toCompletableFuture());
    }

    /**
     * Publishes every payload on {@code topic} at QoS 1, keeping up to 400 in flight at once (far faster than one by
     * one), and returns once the broker acknowledged them all.
     */
    public void publishAll(String topic, List<String> payloads) {
        // The client's publish future completes when the message is written, not at its PUBACK; the PUBACKs are
        // counted by publishCompletionHandler, and at most 400 messages are left without one (the client allows 1000).
        List<CompletableFuture<Integer>> written = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String payload : payloads) {
            while (published.get() - pubacks.get() >= 400) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker stopped acknowledging publishes");
                }
                FreePorts.sleep(1);
            }
            published.incrementAndGet();
            written.add(client.publish(topic, Buffer.buffer(signed(topic, payload)), MqttQoS.AT_LEAST_ONCE, false, false).toCompletionStage().toCompletableFuture());
        }
        await(CompletableFuture.allOf(written.toArray(new CompletableFuture[0])));
        while (published.get() > pubacks.get() && System.nanoTime() < deadline) {
            FreePorts.sleep(1);
        }
        // Counted above: their packet ids must not answer a later publish that reuses one after the ids wrap.
        written.forEach(packetId -> acknowledged.remove(packetId.join()));
    }

    /** Publishes a retained message (an empty payload clears the topic's retained message); returns at its PUBACK. */
    public void publishRetained(String topic, String payload) {
        publishAcknowledged(topic, payload, true);
    }

    /** Waits for the first message matching {@code filter}, removing it (and nothing else) from the inbox. */
    public Received await(Predicate<Received> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Received> skipped = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Received r = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
                if (r == null) {
                    throw new AssertionError("no matching MQTT message within " + timeout + "; other messages: " + skipped);
                }
                if (filter.test(r)) {
                    return r;
                }
                skipped.add(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            inbox.addAll(skipped);
        }
    }

    /** Everything received so far, drained. */
    public List<Received> drain() {
        List<Received> all = new ArrayList<>();
        inbox.drainTo(all);
        return all;
    }

    /**
     * Drops the TCP connection without an MQTT DISCONNECT, as a device losing power or Wi-Fi would: the broker
     * publishes the Last Will.
     */
    public void kill() {
        closing = true;
        vertx.close();
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        closing = true;
        try {
            if (client.isConnected()) {
                await(client.disconnect().toCompletionStage().toCompletableFuture());
            }
        } catch (RuntimeException ignored) {
            // already gone
        } finally {
            vertx.close();
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("MQTT operation failed: " + e.getMessage(), e);
        }
    }
}
