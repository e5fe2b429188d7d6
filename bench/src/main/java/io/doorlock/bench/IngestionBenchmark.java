package io.doorlock.bench;

import io.doorlock.testing.FreePorts;
import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.PrometheusText;
import io.doorlock.testing.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;


/**
 * Device events per second from device WebSockets through device-gateway to stored in audit-service, sustained, and
 * whether every event sent was stored. Each event carries a request id; one answered UNAVAILABLE is sent again.
 *
 * <p>{@code bin/bench ingestion [--devices 500] [--rate 5000] [--seconds 60] [--heap 512m]}
 */
public final class IngestionBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Bench.options(args);
        int devices = Integer.parseInt(opts.getOrDefault("devices", "500"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "5000"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "60"));
        String heap = opts.getOrDefault("heap", "512m");
        Path root = Bench.repoRoot();
        MosquittoBroker broker = MosquittoBroker.start();
        MongoWireServer mongo = MongoWireServer.start();
        List<ServiceProcess> services = new ArrayList<>();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            ConnectionsBenchmark.register(broker, devices);
            Map<String, String> common = new LinkedHashMap<>();
            common.put("quarkus.mongodb.connection-string", mongo.connectionString());
            common.put("mp.messaging.connector.smallrye-mqtt.host", broker.host());
            common.put("mp.messaging.connector.smallrye-mqtt.port", String.valueOf(broker.port()));
            common.put("quarkus.log.level", "WARN");
            Map<String, String> gatewayConfig = new LinkedHashMap<>(common);
            gatewayConfig.put("doorlock.device-gateway.rate-limit.frames-per-second", String.valueOf(Math.max(10, 4 * rate / devices)));
            gatewayConfig.put("doorlock.device-gateway.rate-limit.burst", "500");
            Map<String, String> auditConfig = new LinkedHashMap<>(common);
            auditConfig.put("doorlock.instance-id", "audit-bench");
            gatewayConfig.putAll(broker.serviceConfig("device-gateway"));
            auditConfig.putAll(broker.serviceConfig("audit-service"));
            List<String> jvm = List.of("-Xmx" + heap, "-XX:+UseSerialGC");
            ServiceProcess gateway = ServiceProcess.start(root, "device-gateway", "bench-ingest-device-gateway", FreePorts.find(), jvm, gatewayConfig,
                    root.resolve("bench/target"));
            ServiceProcess audit = ServiceProcess.start(root, "audit-service", "bench-ingest-audit-service", FreePorts.find(), jvm, auditConfig,
                    root.resolve("bench/target"));
            services.add(gateway);
            services.add(audit);
            gateway.awaitReady(Duration.ofSeconds(120));
            audit.awaitReady(Duration.ofSeconds(120));
            Thread.sleep(2000);

            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(devices + 10));
            WebSocket[] sockets = new WebSocket[devices];
            AtomicLong retries = new AtomicLong();
            CountDownLatch authenticated = new CountDownLatch(devices);
            for (int i = 0; i < devices; i++) {
                int d = i;
                // Handlers are set in the success callback, on the event loop, so the "authenticated" frame is never missed.
                client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port())
                        .setURI("/ws/device?deviceId=bench-" + d).addHeader("Authorization", "Bearer t-" + d)).onSuccess(ws -> {
                            sockets[d] = ws;
                            ws.textMessageHandler(text -> {
                                if (text.contains("\"authenticated\"")) {
                                    authenticated.countDown();
                                } else if (text.contains("UNAVAILABLE")) {
                                    int at = text.indexOf("\"id\":\"");
                                    if (at >= 0) {
                                        String id = text.substring(at + 6, text.indexOf('"', at + 6));
                                        retries.incrementAndGet();
                                        vertx.setTimer(500, t -> ws.writeTextMessage(event(d, id)));
                                    }
                                }
                            });
                        });
                if (i % 100 == 99) {
                    Thread.sleep(100); // a fleet powering up, not one instant
                }
            }
            if (!authenticated.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("devices did not authenticate");
            }
            Thread.sleep(3000); // device_connected and device_status of every device reach the trail first
            String auditMetrics = "http://127.0.0.1:" + audit.port() + "/q/metrics";
            double storedBefore = PrometheusText.sum(Bench.get(auditMetrics), "doorlock_audit_events_total", "result=\"stored\"");

            // Every 10 ms, rate/100 events, round robin over the devices.
            AtomicLong sent = new AtomicLong();
            long perTick = Math.max(1, rate / 100);
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long[] next = {0};
            long timer = vertx.setPeriodic(10, t -> {
                if (System.nanoTime() > end) {
                    return;
                }
                for (int k = 0; k < perTick; k++) {
                    long n = next[0]++;
                    int d = (int) (n % devices);
                    sockets[d].writeTextMessage(event(d, "e" + n));
                    sent.incrementAndGet();
                }
            });
            List<double[]> samples = new ArrayList<>();
            while (System.nanoTime() < end) {
                Thread.sleep(5000);
                double stored = PrometheusText.sum(Bench.get(auditMetrics), "doorlock_audit_events_total", "result=\"stored\"") - storedBefore;
                samples.add(new double[] {(System.nanoTime() - start) / 1e9, sent.get(), stored});
                System.out.printf("  %5.0f s  sent %d  stored %.0f%n", (System.nanoTime() - start) / 1e9, sent.get(), stored);
            }
            vertx.cancelTimer(timer);
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            long drainStart = System.nanoTime();
            double stored = 0;
            while (System.nanoTime() - drainStart < TimeUnit.SECONDS.toNanos(120)) {
                stored = PrometheusText.sum(Bench.get(auditMetrics), "doorlock_audit_events_total", "result=\"stored\"") - storedBefore;
                if (stored >= sent.get()) {
                    break;
                }
                Thread.sleep(500);
            }
            double drain = (System.nanoTime() - drainStart) / 1e9;
            double total = (System.nanoTime() - start) / 1e9;
            String auditPage = Bench.get(auditMetrics);
            double batches = PrometheusText.sum(auditPage, "doorlock_audit_batch_size_count");
            double batchSum = PrometheusText.sum(auditPage, "doorlock_audit_batch_size_sum");
            Bench.table("Event ingestion: devices -> device-gateway -> bus -> audit-service (JVM, -Xmx" + heap + " each)", new String[][] {
                    {"devices", String.valueOf(devices)},
                    {"target rate", rate + " events/s for " + seconds + " s"},
                    {"events sent", String.valueOf(sent.get())},
                    {"offered rate", String.format("%.0f events/s", sent.get() / sendSeconds)},
                    {"events stored", String.format("%.0f", stored)},
                    {"lost", String.format("%.0f", Math.max(0, sent.get() - stored))},
                    {"retries after UNAVAILABLE", String.valueOf(retries.get())},
                    {"sustained stored rate (send start to last stored)", String.format("%.0f events/s", stored / total)},
                    {"drain after the senders stopped", String.format("%.1f s", drain)},
                    {"mean audit batch size", String.format("%.1f", batches == 0 ? 0 : batchSum / batches)},
            });
        } finally {
            vertx.close();
            services.forEach(ServiceProcess::stop);
            broker.stop();
            mongo.stop();
        }
        System.exit(0);
    }

    private static String event(int device, String id) {
        return "{\"event\":\"door_status_changed\",\"data\":{\"deviceId\":\"bench-" + device + "\",\"status\":\"locked\"},\"id\":\"" + id + "\"}";
    }
}
