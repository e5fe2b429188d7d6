package io.doorlock.bench;

import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.MqttAccount;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The physical limit the other figures are quoted against: the ingestion pattern (QoS 1 publishes of a device event's
 * size into a shared subscription, acknowledged by the subscriber) straight through the project's Mosquitto, with no
 * service in between. Publishers keep at most 400 messages without PUBACK each.
 *
 * <p>{@code bin/bench bus [--publishers 4] [--seconds 30]}
 */
public final class BusBaselineBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Bench.options(args);
        int publishers = Integer.parseInt(opts.getOrDefault("publishers", "4"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "30"));
        MosquittoBroker broker = MosquittoBroker.start();
        Vertx vertx = Vertx.vertx();
        try {
            AtomicLong received = new AtomicLong();
            MqttClient subscriber = MqttClient.create(vertx, new MqttClientOptions().setClientId("baseline-sub").setMaxInflightQueue(1000)
                    .setUsername(broker.accounts().harness().username()).setPassword(broker.accounts().harness().password()));
            subscriber.publishHandler(m -> received.incrementAndGet());
            subscriber.connect(broker.port(), "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            subscriber.subscribe("$share/baseline/doorlock/v1/bus/#", 1).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            Thread.sleep(500);
            // The size of a device event's bus envelope (about 450 bytes).
            Buffer payload = Buffer.buffer("x".repeat(450));
            AtomicLong sent = new AtomicLong();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            Thread[] threads = new Thread[publishers];
            for (int p = 0; p < publishers; p++) {
                int id = p;
                threads[p] = new Thread(() -> publish(vertx, broker.port(), broker.accounts().harness(), id, payload, end, sent));
                threads[p].start();
            }
            long start = System.nanoTime();
            for (Thread t : threads) {
                t.join();
            }
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.get() < sent.get() && System.nanoTime() < waitUntil) {
                Thread.sleep(100);
            }
            double total = (System.nanoTime() - start) / 1e9;
            Bench.table("Bus baseline: Mosquitto alone, QoS 1, shared subscription, 450-byte messages", new String[][] {
                    {"publishers", String.valueOf(publishers)},
                    {"sent (PUBACKed)", String.valueOf(sent.get())},
                    {"received by the subscriber", String.valueOf(received.get())},
                    {"publish rate", String.format("%.0f messages/s", sent.get() / sendSeconds)},
                    {"delivered rate (start to last delivered)", String.format("%.0f messages/s", received.get() / total)},
            });
        } finally {
            vertx.close();
            broker.stop();
        }
        System.exit(0);
    }

    private static void publish(Vertx vertx, int port, MqttAccount harness, int id, Buffer payload, long end, AtomicLong sent) {
        try {
            MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setClientId("baseline-pub-" + id).setMaxInflightQueue(1000)
                    .setUsername(harness.username()).setPassword(harness.password()));
            Semaphore window = new Semaphore(400);
            client.publishCompletionHandler(packetId -> {
                window.release();
                sent.incrementAndGet();
            });
            client.connect(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            while (System.nanoTime() < end) {
                window.acquire();
                client.publish("doorlock/v1/bus/device-events/door_status_changed", payload, MqttQoS.AT_LEAST_ONCE, false, false);
            }
            window.acquire(400);
            client.disconnect();
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }
}
