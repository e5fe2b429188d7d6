package io.doorlock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorlock.testing.FreePorts;
import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.ServiceProcess;
import io.doorlock.testing.TestKeys;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A dashboard's {@code send_command} through dashboard-gateway, the bus, command-service and device-gateway to a device
 * WebSocket, the device's {@code received} and {@code executed} acks back the same way, until the dashboard reads
 * {@code command_status} executed. All four services run (JVM mode, a stated heap each). {@code --owners} users sign
 * up and register the devices through the REST API like real ones, each holding one dashboard WebSocket; the commands
 * go out open-loop at a steady rate, round robin over the devices, each through its owner's dashboard.
 *
 * <p>{@code bin/bench roundtrip [--devices 1000] [--owners 50] [--rate 200] [--seconds 60] [--warmup 10] [--heap 256m]
 * [--jfr false]}
 *
 * <p>With {@code --jfr true} each service records a profile of the measured part only:
 * {@code bench/target/roundtrip-<service>.jfr}.
 */
public final class CommandRoundTripBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "bench-admin";
    private static final String ADMIN_PASSWORD = "bench-admin-password-0123";

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Bench.options(args);
        int devices = Integer.parseInt(opts.getOrDefault("devices", "1000"));
        int owners = Integer.parseInt(opts.getOrDefault("owners", "50"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "200"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "60"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "10"));
        String heap = opts.getOrDefault("heap", "256m");
        Path root = Bench.repoRoot();
        Path out = root.resolve("bench/target");
        MosquittoBroker broker = MosquittoBroker.start();
        MongoWireServer mongo = MongoWireServer.start();
        TestKeys keys = TestKeys.generate();
        List<ServiceProcess> services = new ArrayList<>();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            int devicePort = FreePorts.find();
            int dashboardPort = FreePorts.find();
            int auditPort = FreePorts.find();
            String internalToken = UUID.randomUUID().toString();
            Map<String, String> common = new LinkedHashMap<>();
            common.put("quarkus.mongodb.connection-string", mongo.connectionString());
            common.put("mp.messaging.connector.smallrye-mqtt.host", broker.host());
            common.put("mp.messaging.connector.smallrye-mqtt.port", String.valueOf(broker.port()));
            common.put("quarkus.log.level", "WARN");
            common.put("doorlock.internal-api.token", internalToken);
            Map<String, String> device = new LinkedHashMap<>(common);
            device.put("doorlock.device-gateway.visitors.dashboard-url", "http://127.0.0.1:" + dashboardPort);
            device.put("doorlock.device-gateway.visitors.internal-token", internalToken);
            Map<String, String> dashboard = new LinkedHashMap<>(common);
            dashboard.put("mp.jwt.verify.publickey.location", keys.publicKeyPem().toUri().toString());
            dashboard.put("smallrye.jwt.sign.key.location", keys.privateKeyPem().toUri().toString());
            dashboard.put("doorlock.auth.admin.username", ADMIN);
            dashboard.put("doorlock.auth.admin.password", ADMIN_PASSWORD);
            // Every owner signs up from 127.0.0.1; the default limit (10 an hour per address) would stop at the tenth.
            dashboard.put("doorlock.auth.registration-limits.per-address", String.valueOf(Integer.MAX_VALUE));
            dashboard.put("doorlock.visitors.internal-token", internalToken);
            dashboard.put("doorlock.dashboard-gateway.upstreams.device-gateway-url", "http://127.0.0.1:" + devicePort);
            dashboard.put("doorlock.dashboard-gateway.upstreams.audit-service-url", "http://127.0.0.1:" + auditPort);
            Map<String, String> audit = new LinkedHashMap<>(common);
            audit.put("doorlock.instance-id", "audit-bench");
            Map<String, String> commands = new LinkedHashMap<>(common);
            device.putAll(broker.serviceConfig("device-gateway"));
            dashboard.putAll(broker.serviceConfig("dashboard-gateway"));
            commands.putAll(broker.serviceConfig("command-service"));
            audit.putAll(broker.serviceConfig("audit-service"));
            boolean jfr = Boolean.parseBoolean(opts.getOrDefault("jfr", "false"));
            services.add(ServiceProcess.start(root, "device-gateway", "bench-rt-device-gateway", devicePort,
                    Bench.jvm(heap), device, out));
            services.add(ServiceProcess.start(root, "dashboard-gateway", "bench-rt-dashboard-gateway", dashboardPort,
                    Bench.jvm(heap), dashboard, out));
            services.add(ServiceProcess.start(root, "command-service", "bench-rt-command-service", FreePorts.find(),
                    Bench.jvm(heap), commands, out));
            services.add(ServiceProcess.start(root, "audit-service", "bench-rt-audit-service", auditPort,
                    Bench.jvm(heap), audit, out));
            for (ServiceProcess s : services) {
                s.awaitReady(Duration.ofSeconds(120));
            }
            String dashboardUrl = "http://127.0.0.1:" + dashboardPort;
            System.out.printf("%d owners sign up and register %d devices through the REST API ...%n", owners, devices);
            String[] jwts = signUp(dashboardUrl, owners);
            String[][] fleet = register(dashboardUrl, jwts, devices);
            Thread.sleep(3000); // the registry records reach device-gateway

            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(devices + 10));
            CountDownLatch authenticated = new CountDownLatch(devices);
            AtomicLong deliveries = new AtomicLong();
            Map<String, Long> deliveredAt = new ConcurrentHashMap<>();
            for (int i = 0; i < devices; i++) {
                String deviceId = fleet[i][0];
                client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(devicePort)
                        .setURI("/ws/device?deviceId=" + deviceId).addHeader("Authorization", "Bearer " + fleet[i][1])).onSuccess(ws -> {
                            ws.textMessageHandler(text -> {
                                if (text.contains("\"authenticated\"")) {
                                    authenticated.countDown();
                                    vertx.setPeriodic(30_000, t -> ws.writeTextMessage("{\"event\":\"heartbeat\",\"data\":{\"deviceId\":\""
                                            + deviceId + "\"}}"));
                                } else if (text.startsWith("{\"event\":\"unlock_door\"") || text.startsWith("{\"event\":\"lock_door\"")) {
                                    // A door that acts at once: received, then executed.
                                    deliveries.incrementAndGet();
                                    String commandId = field(text, "commandId");
                                    deliveredAt.putIfAbsent(commandId, System.nanoTime());
                                    ws.writeTextMessage(ack(deviceId, commandId, "received"));
                                    ws.writeTextMessage(ack(deviceId, commandId, "executed"));
                                }
                            });
                        }).onFailure(e -> System.out.println("  device " + deviceId + ": " + e.getMessage()));
                if (i % 100 == 99) {
                    Thread.sleep(50);
                }
            }
            if (!authenticated.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException(authenticated.getCount() + " devices did not authenticate");
            }
            Thread.sleep(2000);

            // Each owner's dashboard sends the commands for its devices and reads their statuses.
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            Map<String, Long> queuedAt = new ConcurrentHashMap<>();
            Map<String, Long> doneAt = new ConcurrentHashMap<>();
            AtomicLong failed = new AtomicLong();
            CountDownLatch dashboardsReady = new CountDownLatch(owners);
            WebSocket[] dashboards = new WebSocket[owners];
            for (int o = 0; o < owners; o++) {
                int owner = o;
                client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(dashboardPort).setURI("/ws/dashboard")
                        .addHeader("Authorization", "Bearer " + jwts[o])).onSuccess(ws -> {
                            dashboards[owner] = ws;
                            ws.textMessageHandler(text -> {
                                long now = System.nanoTime();
                                if (text.contains("\"authenticated\"")) {
                                    dashboardsReady.countDown();
                                } else if (text.startsWith("{\"event\":\"command_status\"")) {
                                    String commandId = field(text, "commandId");
                                    String status = field(text, "status");
                                    if ("queued".equals(status)) {
                                        queuedAt.putIfAbsent(commandId, now);
                                    } else if ("executed".equals(status)) {
                                        doneAt.putIfAbsent(commandId, now);
                                    } else if (!"sent".equals(status) && !"received".equals(status)) {
                                        failed.incrementAndGet();
                                        System.out.println("  " + text);
                                    }
                                } else if (text.startsWith("{\"event\":\"error\"")) {
                                    failed.incrementAndGet();
                                    System.out.println("  " + text);
                                }
                            });
                        });
            }
            if (!dashboardsReady.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the dashboards did not authenticate");
            }

            // Open loop: every 2 ms, send what the schedule says is due; a slow answer never delays the next request.
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(warmup + seconds);
            long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
            AtomicLong sent = new AtomicLong();
            List<String> measured = new ArrayList<>();
            long timer = vertx.setPeriodic(2, t -> {
                long now = System.nanoTime();
                if (now > end) {
                    return;
                }
                long due = (now - start) * rate / 1_000_000_000L + 1;
                while (sent.get() < due) {
                    long n = sent.getAndIncrement();
                    String commandId = UUID.randomUUID().toString();
                    String deviceId = fleet[(int) (n % devices)][0];
                    String command = (n / devices) % 2 == 0 ? "unlock_door" : "lock_door";
                    String payload = "unlock_door".equals(command) ? ",\"payload\":{\"duration\":3000}" : "";
                    long at = System.nanoTime();
                    sentAt.put(commandId, at);
                    if (at >= measureFrom) {
                        synchronized (measured) {
                            measured.add(commandId);
                        }
                    }
                    dashboards[(int) (n % devices) % owners].writeTextMessage("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"" + deviceId
                            + "\",\"command\":\"" + command + "\",\"commandId\":\"" + commandId + "\"" + payload + "},\"id\":\"r" + n + "\"}");
                }
            });
            Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
            Map<String, Double> cpuBefore = Bench.cpuByProcess();
            if (jfr) {
                services.forEach(service -> Bench.startRecording(service.pid()));
            }
            while (System.nanoTime() < end) {
                Thread.sleep(5000);
                System.out.printf("  %5.0f s  sent %d  executed %d  failed %d%n", (System.nanoTime() - start) / 1e9, sent.get(), doneAt.size(),
                        failed.get());
            }
            vertx.cancelTimer(timer);
            Map<String, Double> cpuAfter = Bench.cpuByProcess();
            if (jfr) {
                services.forEach(service -> Bench.stopRecording(service.pid(), out.resolve("roundtrip-" + service.name().replace("bench-rt-", "") + ".jfr")));
            }
            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (doneAt.size() + failed.get() < sent.get() && System.nanoTime() < drainUntil) {
                Thread.sleep(200);
            }

            List<String> ids;
            synchronized (measured) {
                ids = new ArrayList<>(measured);
            }
            long[] roundTrip = latencies(ids, sentAt, doneAt);
            long[] toQueued = latencies(ids, sentAt, queuedAt);
            long[] toDevice = latencies(ids, sentAt, deliveredAt);
            long[] back = latencies(ids, deliveredAt, doneAt);
            double measuredSeconds = seconds;
            StringBuilder cpu = new StringBuilder();
            cpuAfter.forEach((name, after) -> cpu.append(cpu.length() == 0 ? "" : ", ").append(name).append(' ')
                    .append(String.format("%.0f %%", 100 * (after - cpuBefore.getOrDefault(name, 0.0)) / seconds)));
            Bench.table("Command round trip: dashboard -> dashboard-gateway -> command-service -> device-gateway -> device -> back"
                    + " (JVM, -Xmx" + heap + " each, SerialGC)", new String[][] {
                            {"devices connected", String.valueOf(devices)},
                            {"owners (one dashboard WebSocket each)", String.valueOf(owners)},
                            {"rate", rate + " commands/s for " + seconds + " s after " + warmup + " s of warm-up"},
                            {"commands sent (all / measured)", sent.get() + " / " + ids.size()},
                            {"measured rate", String.format("%.1f commands/s", ids.size() / measuredSeconds)},
                            {"executed seen by the dashboard", String.valueOf(doneAt.size())},
                            {"not executed (lost or failed)", String.valueOf(sent.get() - doneAt.size())},
                            {"deliveries to devices", String.valueOf(deliveries.get())},
                            {"send_command -> command_status executed", percentiles(roundTrip)},
                            {"send_command -> command_status queued", percentiles(toQueued)},
                            {"send_command -> the device has the command", percentiles(toDevice)},
                            {"the device's acks -> command_status executed", percentiles(back)},
                            {"CPU during the measurement (100 % = one core; the machine has " + Runtime.getRuntime().availableProcessors() + ")",
                                    cpu.toString()},
                    });
        } finally {
            vertx.close();
            services.forEach(ServiceProcess::stop);
            broker.stop();
            mongo.stop();
        }
        System.exit(0);
    }

    private static long[] latencies(List<String> ids, Map<String, Long> from, Map<String, Long> to) {
        long[] values = ids.stream().filter(to::containsKey).mapToLong(id -> to.get(id) - from.get(id)).toArray();
        Arrays.sort(values);
        return values;
    }

    private static String percentiles(long[] sorted) {
        if (sorted.length == 0) {
            return "none";
        }
        return String.format("p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms (n=%d)", at(sorted, 0.50), at(sorted, 0.99),
                at(sorted, 0.999), sorted[sorted.length - 1] / 1e6, sorted.length);
    }

    private static double at(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static String ack(String deviceId, String commandId, String status) {
        return "{\"event\":\"command_ack\",\"data\":{\"commandId\":\"" + commandId + "\",\"deviceId\":\"" + deviceId + "\",\"status\":\""
                + status + "\"}}";
    }

    /** The first string value of a field in a flat frame; enough for the frames read here. */
    private static String field(String text, String name) {
        String key = "\"" + name + "\":\"";
        int at = text.indexOf(key);
        if (at < 0) {
            return "";
        }
        int from = at + key.length();
        return text.substring(from, text.indexOf('"', from));
    }

    /** Signs up {@code owners} users ({@code POST /api/auth/register}, then login); answers their access tokens. */
    private static String[] signUp(String dashboardUrl, int owners) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String[] jwts = new String[owners];
        for (int o = 0; o < owners; o++) {
            String user = "owner" + o;
            post(http, dashboardUrl + "/api/auth/register", null,
                    "{\"username\":\"" + user + "\",\"email\":\"" + user + "@bench.local\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
            jwts[o] = post(http, dashboardUrl + "/api/auth/login", null,
                    "{\"username\":\"" + user + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}").at("/data/token").asText();
        }
        return jwts;
    }

    /** Device {@code n} is registered by owner {@code n % owners}, 8 at a time; answers {deviceId, token} pairs. */
    private static String[][] register(String dashboardUrl, String[] jwts, int devices) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String[]>> answers = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                int n = i;
                answers.add(pool.submit(() -> {
                    JsonNode d = post(http, dashboardUrl + "/api/device/register", jwts[n % jwts.length],
                            "{\"name\":\"Bench door " + n + "\",\"espId\":\"BENCH-" + n + "\",\"deviceType\":\"door-lock\"}");
                    return new String[] {d.at("/data/id").asText(), d.at("/data/deviceToken").asText()};
                }));
            }
            String[][] fleet = new String[devices][];
            for (int i = 0; i < devices; i++) {
                fleet[i] = answers.get(i).get();
            }
            return fleet;
        } finally {
            pool.shutdown();
        }
    }

    private static JsonNode post(HttpClient http, String url, String jwt, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (jwt != null) {
            request.header("Authorization", "Bearer " + jwt);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
