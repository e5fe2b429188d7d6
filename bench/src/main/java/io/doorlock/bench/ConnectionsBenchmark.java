package io.doorlock.bench;

import io.doorlock.common.bus.DeviceCredentialRecord;
import io.doorlock.common.device.DeviceTokenHash;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.FreePorts;
import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.MqttAccount;
import io.doorlock.testing.PrometheusText;
import io.doorlock.testing.ServiceProcess;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.io.File;
import java.util.concurrent.Semaphore;

/**
 * Concurrent authenticated device WebSockets held by one device-gateway (JVM mode, a stated heap), heartbeats
 * flowing. Client processes connect from several loopback source addresses. Prints the peak count, the handshake
 * rate, and the gateway's resident memory and heap per connection.
 *
 * <p>{@code bin/bench connections [--devices 19000] [--clients 2] [--heap 1g] [--heartbeat 30] [--hold 30] [--rounds 1]
 * [--jvm "-XX:..."] [--nmt false] [--deflate false] [--jfr false]}
 * <p>Each round connects every device, holds them, then ends the client processes, waits until the gateway counts no
 * connection, and reads the gateway's memory again: a second round shows whether what the first took is given back or
 * reused. {@code --jvm} adds gateway JVM options; {@code --nmt true} starts it with Native Memory Tracking and prints
 * what grew by category; {@code --deflate true} has the clients offer {@code permessage-deflate}, as browsers and
 * Node's {@code ws} (socket.io-client) do (summaries in {@code bench/target/connections-*-nmt.txt}, heap histograms after each round).
 * With {@code --jfr true}, a profile of the gateway from the first handshake to the end of the last round:
 * {@code bench/target/connections-device-gateway.jfr}.
 */
public final class ConnectionsBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Bench.options(args);
        int devices = Integer.parseInt(opts.getOrDefault("devices", "19000"));
        int clients = Integer.parseInt(opts.getOrDefault("clients", "2"));
        String heap = opts.getOrDefault("heap", "1g");
        int heartbeat = Integer.parseInt(opts.getOrDefault("heartbeat", "30"));
        int hold = Integer.parseInt(opts.getOrDefault("hold", "30"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "1"));
        boolean jfr = Boolean.parseBoolean(opts.getOrDefault("jfr", "false"));
        boolean nmt = Boolean.parseBoolean(opts.getOrDefault("nmt", "false"));
        boolean deflate = Boolean.parseBoolean(opts.getOrDefault("deflate", "false"));
        String extra = opts.getOrDefault("jvm", "");
        Path root = Bench.repoRoot();
        Path target = root.resolve("bench/target");
        MosquittoBroker broker = MosquittoBroker.start();
        MongoWireServer mongo = MongoWireServer.start();
        List<Process> children = new ArrayList<>();
        ServiceProcess gateway = null;
        try {
            System.out.printf("registering %d devices (retained registry records) ...%n", devices);
            register(broker, devices);
            Map<String, String> config = new LinkedHashMap<>();
            config.put("quarkus.mongodb.connection-string", mongo.connectionString());
            config.put("mp.messaging.connector.smallrye-mqtt.host", broker.host());
            config.put("mp.messaging.connector.smallrye-mqtt.port", String.valueOf(broker.port()));
            config.put("quarkus.log.level", "WARN");
            config.putAll(broker.serviceConfig("device-gateway"));
            List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap, "-Xms" + heap, "-XX:+UseSerialGC"));
            if (!extra.isBlank()) {
                jvm.addAll(List.of(extra.trim().split("\\s+")));
            }
            if (nmt) {
                jvm.add("-XX:NativeMemoryTracking=summary");
            }
            gateway = ServiceProcess.start(root, "device-gateway", "bench-device-gateway", FreePorts.find(), jvm, config, target);
            gateway.awaitReady(Duration.ofSeconds(120));
            Thread.sleep(3000); // the registry projection takes the retained records
            GatewayMemory memory = new GatewayMemory(gateway.pid(), nmt, target);
            List<GatewayMemory.Reading> readings = new ArrayList<>();
            readings.add(memory.read("start"));
            double heapBefore = liveHeap(gateway.pid(), gateway.port());
            System.out.println("gateway JVM options: " + String.join(" ", jvm));

            if (jfr) {
                Bench.startRecording(gateway.pid());
            }
            List<String[]> rows = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                AtomicIntegerArray connected = new AtomicIntegerArray(clients);
                double gatewayCpu = Bench.cpuSeconds(gateway.pid());
                double wireServerCpu = Bench.cpuSeconds(ProcessHandle.current().pid());
                Instant start = Instant.now();
                int per = devices / clients;
                for (int c = 0; c < clients; c++) {
                    int from = c * per;
                    int count = c == clients - 1 ? devices - from : per;
                    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
                            System.getProperty("java.class.path"), ConnectionClients.class.getName(), String.valueOf(gateway.port()),
                            String.valueOf(from), String.valueOf(count), "127.0.0." + (2 + c), String.valueOf(heartbeat), "200",
                            String.valueOf(deflate))
                            .redirectErrorStream(true).start();
                    children.add(p);
                    int slot = c;
                    Thread reader = new Thread(() -> read(p, connected, slot));
                    reader.setDaemon(true);
                    reader.start();
                }
                int peak = 0;
                Instant allAt = null;
                Instant deadline = start.plusSeconds(300);
                while (Instant.now().isBefore(deadline)) {
                    Thread.sleep(1000);
                    int now = sum(connected);
                    peak = Math.max(peak, now);
                    System.out.printf("  round %d %5.0f s  connected %d%n", round, Duration.between(start, Instant.now()).toMillis() / 1000.0, now);
                    if (now >= devices) {
                        allAt = Instant.now();
                        break;
                    }
                }
                double seconds = Duration.between(start, allAt != null ? allAt : Instant.now()).toMillis() / 1000.0;
                gatewayCpu = Bench.cpuSeconds(gateway.pid()) - gatewayCpu;
                wireServerCpu = Bench.cpuSeconds(ProcessHandle.current().pid()) - wireServerCpu;
                System.out.printf("holding %d s with heartbeats every %d s ...%n", hold, heartbeat);
                Thread.sleep(hold * 1000L);
                int held = sum(connected);
                double gauge = connections(gateway.port());
                GatewayMemory.Reading before = readings.get(readings.size() - 1);
                GatewayMemory.Reading full = memory.read("round" + round + "-connected");
                readings.add(full);
                long openFiles = openFiles(gateway.pid());
                double heapConnected = liveHeap(gateway.pid(), gateway.port());
                memory.histogram("round" + round + "-connected");
                // Every device goes: the client processes end, so the gateway sees each socket close.
                children.forEach(Process::destroyForcibly);
                for (Process child : children) {
                    child.waitFor(30, TimeUnit.SECONDS);
                }
                children.clear();
                Instant closing = Instant.now();
                while (connections(gateway.port()) > 0 && Duration.between(closing, Instant.now()).toSeconds() < 120) {
                    Thread.sleep(500);
                }
                double left = connections(gateway.port());
                Thread.sleep(hold * 1000L); // presence flushes and sweeps run over the empty gateway
                GatewayMemory.Reading empty = memory.read("round" + round + "-disconnected");
                readings.add(empty);
                double heapEmpty = liveHeap(gateway.pid(), gateway.port());
                memory.histogram("round" + round + "-disconnected");
                GatewayMemory.Reading afterGc = memory.read("round" + round + "-disconnected-gc");
                readings.add(afterGc);
                rows.add(new String[] {"round " + round + ": authenticated (peak) / held after " + hold + " s",
                        peak + " / " + held + " (gateway gauge " + (long) gauge + ")"});
                rows.add(new String[] {"round " + round + ": time to connect all, handshake rate", (allAt == null ? "not reached in 300 s"
                        : String.format("%.1f s", seconds)) + String.format(", %.0f /s", peak / seconds)});
                rows.add(new String[] {"round " + round + ": CPU per handshake while connecting: gateway / benchmark JVM (wire server)",
                        String.format("%.2f ms / %.2f ms", gatewayCpu * 1000 / Math.max(1, peak), wireServerCpu * 1000 / Math.max(1, peak))});
                rows.add(new String[] {"round " + round + ": gateway RSS before / connected / all gone / after a full GC",
                        mb(before.rss()) + " / " + mb(full.rss()) + " / " + mb(empty.rss()) + " / " + mb(afterGc.rss())});
                rows.add(new String[] {"round " + round + ": RSS per connection", String.format("%.1f KiB (from the round's start), %.1f KiB (from the gateway's start)",
                        (full.rss() - before.rss()) / 1024.0 / Math.max(1, held), (full.rss() - readings.get(0).rss()) / 1024.0 / Math.max(1, held))});
                rows.add(new String[] {"round " + round + ": live heap connected / all gone (after a full GC)",
                        mb((long) heapConnected) + " / " + mb((long) heapEmpty) + String.format(" (%.1f KiB per connection)",
                                (heapConnected - heapBefore) / 1024.0 / Math.max(1, held))});
                rows.add(new String[] {"round " + round + ": connections the gateway still counts once all had gone", String.valueOf((long) left)});
                rows.add(new String[] {"round " + round + ": gateway open files / its limit", openFiles + " / " + fileLimit(gateway.pid())});
                if (nmt) {
                    rows.add(new String[] {"round " + round + ": NMT committed connected vs start (MiB)", nmtDelta(readings.get(0), full)});
                    rows.add(new String[] {"round " + round + ": NMT committed all gone vs start (MiB)", nmtDelta(readings.get(0), afterGc)});
                }
            }
            if (jfr) {
                Bench.stopRecording(gateway.pid(), target.resolve("connections-device-gateway.jfr"));
            }
            rows.add(0, new String[] {"devices asked for, rounds", devices + ", " + rounds});
            rows.add(1, new String[] {"gateway RSS at start, live heap at start", mb(readings.get(0).rss()) + ", " + mb((long) heapBefore)});
            Bench.table("Connections: one device-gateway (JVM " + String.join(" ", jvm) + "), " + clients + " client processes",
                    rows.toArray(String[][]::new));
        } finally {
            children.forEach(Process::destroyForcibly);
            if (gateway != null) {
                gateway.stop();
            }
            broker.stop();
            mongo.stop();
        }
        System.exit(0);
    }

    /** The NMT categories that grew or shrank by at least 1 MiB since {@code from}. */
    static String nmtDelta(GatewayMemory.Reading from, GatewayMemory.Reading to) {
        StringBuilder out = new StringBuilder();
        to.committedKiB().forEach((category, kib) -> {
            long delta = kib - from.committed(category);
            if (Math.abs(delta) >= 1024) {
                out.append(out.length() == 0 ? "" : ", ").append(category).append(' ').append(delta > 0 ? "+" : "").append(delta / 1024);
            }
        });
        return out.length() == 0 ? "no category changed by 1 MiB" : out.toString();
    }

    static double connections(int port) {
        return PrometheusText.sum(Bench.get("http://127.0.0.1:" + port + "/q/metrics"), "doorlock_device_connections");
    }

    /** Publishes the devices' registry records as dashboard-gateway would, with its broker account. */
    static void register(MosquittoBroker broker, int devices) throws Exception {
        MqttAccount registry = broker.accounts().service("dashboard-gateway");
        int port = broker.port();
        Vertx vertx = Vertx.vertx();
        MqttClient mqtt = MqttClient.create(vertx, new MqttClientOptions().setClientId("bench-registry").setMaxInflightQueue(1000)
                .setUsername(registry.username()).setPassword(registry.password()));
        mqtt.connect(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        JsonCodec codec = new JsonCodec();
        Instant now = Instant.now();
        Semaphore window = new Semaphore(500);
        mqtt.publishCompletionHandler(id -> window.release());
        for (int i = 0; i < devices; i++) {
            window.acquire();
            DeviceCredentialRecord record = new DeviceCredentialRecord("bench-" + i, "bench-owner", "Bench " + i, "door-lock",
                    DeviceTokenHash.of("t-" + i), now, i + 1L, false);
            byte[] signed = broker.busKeys().sign("dashboard-gateway", codec.encodeBytes(record));
            mqtt.publish(Topics.REGISTRY_DEVICES + "/bench-" + i, Buffer.buffer(signed), MqttQoS.AT_LEAST_ONCE, false, true);
        }
        window.acquire(500);
        mqtt.disconnect();
        vertx.close();
    }

    private static void read(Process p, AtomicIntegerArray connected, int slot) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("connected ")) {
                    connected.set(slot, Integer.parseInt(line.split(" ")[1]));
                } else {
                    System.out.println("  client " + slot + ": " + line);
                }
            }
        } catch (Exception ignored) {
            // the process ended
        }
    }

    private static int sum(AtomicIntegerArray a) {
        int s = 0;
        for (int i = 0; i < a.length(); i++) {
            s += a.get(i);
        }
        return s;
    }

    static long openFiles(long pid) {
        String[] fds = new File("/proc/" + pid + "/fd").list();
        return fds == null ? -1 : fds.length;
    }

    static String fileLimit(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] parts = line.trim().split("\\s+");
                    return parts[3] + " (soft), " + parts[4] + " (hard)";
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "unknown";
    }

    static long rss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    /** Runs a full GC in the gateway first (jcmd), so the heap figure is live data, not garbage. */
    static double liveHeap(long pid, int port) {
        try {
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
            Thread.sleep(1000);
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
        return heapUsed(port);
    }

    static double heapUsed(int port) {
        return PrometheusText.sum(Bench.get("http://127.0.0.1:" + port + "/q/metrics"), "jvm_memory_used_bytes", "area=\"heap\"");
    }

    static String mb(long bytes) {
        return String.format("%.0f MiB", bytes / 1024.0 / 1024.0);
    }
}
