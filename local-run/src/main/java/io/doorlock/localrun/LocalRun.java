package io.doorlock.localrun;

import io.doorlock.localrun.broker.EmbeddedBroker;
import io.doorlock.localrun.demo.DashboardApi;
import io.doorlock.localrun.demo.DemoAccount;
import io.doorlock.localrun.demo.DemoDevice;
import io.doorlock.testing.BrokerAccounts;
import io.doorlock.testing.BusKeys;
import io.doorlock.testing.CommandSigningKeys;
import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.ServiceProcess;
import io.doorlock.testing.TestKeys;
import io.doorlock.testing.SecretFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import io.doorlock.simulator.DeviceSimulator;
import io.doorlock.simulator.Fleet;
import io.doorlock.simulator.SimulatorOptions;
import java.util.UUID;

/**
 * Runs the whole platform on one machine with embedded defaults: the MongoDB wire server with its data on disk,
 * an MQTT broker (Mosquitto when installed, else embedded Moquette), a fresh JWT key pair, and the four services as
 * separate JVMs on fixed ports. Prints how to reach it when ready; Ctrl-C stops everything.
 */
public final class LocalRun {

    static final int MONGO_PORT = intEnv("DOORLOCK_MONGO_PORT", 27017);
    static final int MQTT_PORT = intEnv("DOORLOCK_MQTT_PORT", 1883);
    static final int DASHBOARD_PORT = intEnv("DOORLOCK_DASHBOARD_PORT", 8080);
    static final int DEVICE_PORT = intEnv("DOORLOCK_DEVICE_PORT", 8081);
    static final int COMMAND_PORT = intEnv("DOORLOCK_COMMAND_PORT", 8082);
    static final int AUDIT_PORT = intEnv("DOORLOCK_AUDIT_PORT", 8083);
    static final int FLUSH_SECONDS = intEnv("DOORLOCK_MONGO_FLUSH_SECONDS", 1);
    static final String MONGO_SNAPSHOT = "mongo.snapshot";
    static final String ADMIN = "admin";

    private LocalRun() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("doorlock.repo.root", ".")).toAbsolutePath().normalize();
        Path data = Path.of(System.getenv().getOrDefault("DOORLOCK_DATA_DIR", root.resolve(".doorlock-local").toString()));
        Files.createDirectories(data);
        List<AutoCloseable> toStop = new ArrayList<>();

        // In memory with indexes, kept on disk: a snapshot plus a journal of the changes since, forced to disk every
        // DOORLOCK_MONGO_FLUSH_SECONDS and folded into the snapshot at stop. An earlier run's H2 file is imported once.
        MongoWireServer mongo = MongoWireServer.startOnDisk(MONGO_PORT, data.resolve(MONGO_SNAPSHOT), Duration.ofSeconds(FLUSH_SECONDS));
        toStop.add(mongo::stop);

        // DOORLOCK_BROKER=moquette forces the embedded broker even where Mosquitto is installed.
        boolean mosquitto = MosquittoBroker.binary().isPresent()
                && !"moquette".equalsIgnoreCase(System.getenv().getOrDefault("DOORLOCK_BROKER", ""));
        BrokerAccounts accounts = brokerAccounts(data);
        Path busKeysFile = data.resolve("bus-keys.properties");
        BusKeys busKeys = Files.isRegularFile(busKeysFile) ? BusKeys.read(busKeysFile) : BusKeys.generate();
        busKeys.write(busKeysFile);
        if (mosquitto) {
            Path dir = data.resolve("mosquitto");
            Files.createDirectories(dir);
            MosquittoBroker broker = MosquittoBroker.start(MQTT_PORT, dir, accounts, busKeys);
            toStop.add(0, broker::stop);
        } else {
            EmbeddedBroker broker = EmbeddedBroker.start(MQTT_PORT, data.resolve("moquette"), accounts);
            toStop.add(0, broker::stop);
        }

        TestKeys keys = TestKeys.generate();

        Map<String, String> common = new LinkedHashMap<>();
        common.put("quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + MONGO_PORT);
        common.put("mp.messaging.connector.smallrye-mqtt.host", "127.0.0.1");
        common.put("mp.messaging.connector.smallrye-mqtt.port", String.valueOf(MQTT_PORT));
        Map<String, String> command = new LinkedHashMap<>(common);
        Map<String, String> audit = new LinkedHashMap<>(common);
        if (!mosquitto) {
            // Moquette 0.17 has no shared subscriptions; with one replica each, plain subscriptions are equivalent
            // (and only the embedded broker's roles allow them: SharedSubscriptionFallback).
            command.put("mp.messaging.incoming.command-requests.topic", "doorlock/v1/bus/commands/requested");
            command.put("mp.messaging.incoming.command-deliveries.topic", "doorlock/v1/bus/commands/delivery");
            command.put("mp.messaging.incoming.command-acks.topic", "doorlock/v1/bus/device-events/command_ack");
            command.put("mp.messaging.incoming.command-cancels.topic", "doorlock/v1/bus/commands/cancel");
            command.put("mp.messaging.incoming.device-connected.topic", "doorlock/v1/bus/device-events/device_connected");
            command.put("mp.messaging.incoming.device-disconnected.topic", "doorlock/v1/bus/device-events/device_disconnected");
            audit.put("doorlock.audit.bus.topic", "doorlock/v1/bus/#");
        }
        Map<String, String> device = new LinkedHashMap<>(common);
        if (!mosquitto) {
            device.put("mp.messaging.incoming.command-dispatch.topic", "doorlock/v1/bus/commands/dispatch");
            device.put("mp.messaging.incoming.device-mqtt-events.topic", "doorlock/v1/devices/+/events");
            device.put("mp.messaging.incoming.device-mqtt-acks.topic", "doorlock/v1/devices/+/acks");
            device.put("mp.messaging.incoming.device-mqtt-status.topic", "doorlock/v1/devices/+/status");
        }
        Map<String, String> dashboard = new LinkedHashMap<>(common);
        device.putAll(accounts.serviceConfig("device-gateway"));
        dashboard.putAll(accounts.serviceConfig("dashboard-gateway"));
        command.putAll(accounts.serviceConfig("command-service"));
        audit.putAll(accounts.serviceConfig("audit-service"));
        for (Map<String, String> config : List.of(device, dashboard, command, audit)) {
            config.putAll(BusKeys.serviceConfig(busKeysFile));
        }
        CommandSigningKeys commandKeys = CommandSigningKeys.in(data);
        command.putAll(commandKeys.serviceConfig("command-service"));
        dashboard.putAll(commandKeys.serviceConfig("dashboard-gateway"));
        if (!mosquitto) {
            dashboard.put("mp.messaging.incoming.command-history.topic", "doorlock/v1/bus/commands/status");
        }
        // The one service-to-service HTTP call (doorbell photos): a fresh shared secret per start.
        String internalToken = UUID.randomUUID().toString();
        device.put("doorlock.device-gateway.visitors.internal-token", internalToken);
        dashboard.put("doorlock.visitors.internal-token", internalToken);
        device.put("doorlock.device-gateway.visitors.dashboard-url", "http://127.0.0.1:" + DASHBOARD_PORT);
        // Queries between services (/internal): dashboard-gateway reads presence and the audit trail.
        for (Map<String, String> config : List.of(device, dashboard, audit)) {
            config.put("doorlock.internal-api.token", internalToken);
        }
        dashboard.put("doorlock.dashboard-gateway.upstreams.device-gateway-url", "http://127.0.0.1:" + DEVICE_PORT);
        dashboard.put("doorlock.dashboard-gateway.upstreams.audit-service-url", "http://127.0.0.1:" + AUDIT_PORT);
        // A stable id, so that audit events the broker holds for it are stored after a restart of the local run.
        audit.put("doorlock.instance-id", "audit-local");
        dashboard.put("mp.jwt.verify.publickey.location", keys.publicKeyPem().toUri().toString());
        dashboard.put("smallrye.jwt.sign.key.location", keys.privateKeyPem().toUri().toString());
        String adminPassword = adminPassword(data);
        dashboard.put("doorlock.auth.admin.username", ADMIN);
        dashboard.put("doorlock.auth.admin.password", adminPassword);

        Path logs = data.resolve("logs");
        List<ServiceProcess> services = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping doorlock ...");
            services.forEach(ServiceProcess::stop);
            for (AutoCloseable c : toStop) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort
                }
            }
        }));
        services.add(start(root, "device-gateway", DEVICE_PORT, device, logs));
        services.add(start(root, "dashboard-gateway", DASHBOARD_PORT, dashboard, logs));
        services.add(start(root, "command-service", COMMAND_PORT, command, logs));
        services.add(start(root, "audit-service", AUDIT_PORT, audit, logs));
        System.out.println("starting the four services (logs in " + logs + ") ...");
        CompletableFuture.allOf(services.stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(Duration.ofSeconds(120))))
                .toArray(CompletableFuture[]::new)).join();

        DashboardApi api = new DashboardApi("http://127.0.0.1:" + DASHBOARD_PORT);
        // The first admin can sign in: the system works end to end.
        api.signIn(ADMIN, adminPassword).orElseThrow(() -> new IllegalStateException("the first admin " + ADMIN + " cannot sign in"));
        // The demo account and its door lock, made through the public API as a person would make them.
        DemoAccount demo = DemoAccount.signIn(data, api);
        DemoDevice frontDoor = DemoDevice.ready(data, api, demo, "http://127.0.0.1:" + DEVICE_PORT);
        System.out.println(banner(mosquitto, data, demo, frontDoor));
        int simulated = intEnv("DOORLOCK_SIMULATED_DEVICES", 0);
        if (simulated > 0) {
            startSimulator(simulated, data, adminPassword, toStop);
        }
        new CountDownLatch(1).await();
    }

    /** One service with the local run's process options ({@link ServiceProcessOptions}). */
    private static ServiceProcess start(Path root, String module, int port, Map<String, String> config, Path logs) {
        return ServiceProcess.start(root, module, module, port, ServiceProcessOptions.JVM, ServiceProcessOptions.ENVIRONMENT, config, logs);
    }

    /**
     * Starts {@code count} simulated devices (WebSocket and MQTT). They are registered once, owned by the admin, and
     * their credentials kept in {@code simulated-devices.csv} of the data directory, so a restart reuses them.
     */
    static void startSimulator(int count, Path data, String adminPassword, List<AutoCloseable> toStop) throws Exception {
        Path credentials = data.resolve("simulated-devices.csv");
        boolean known = Files.exists(credentials) && Fleet.read(credentials).size() >= count;
        List<String> args = new ArrayList<>(List.of("--devices", String.valueOf(count), "--transport", "both",
                "--dashboard-url", "http://127.0.0.1:" + DASHBOARD_PORT, "--device-url", "http://127.0.0.1:" + DEVICE_PORT,
                "--mqtt", "127.0.0.1:" + MQTT_PORT, "--user", ADMIN, "--password", adminPassword, "--credentials", credentials.toString(),
                "--report-every", "30s",
                // A visitor now and then, so that the console's doorbell has something to show (0 = never).
                "--photo-every", Optional.ofNullable(System.getenv("DOORLOCK_SIMULATED_PHOTO_EVERY")).orElse("10m")));
        if (!known) {
            args.add("--register");
        }
        DeviceSimulator simulator = DeviceSimulator.start(
                SimulatorOptions.parse(args.toArray(String[]::new)), line -> System.out.println("simulator: " + line));
        toStop.add(0, simulator);
        System.out.println("simulating " + count + " devices (WebSocket and MQTT); credentials in " + credentials);
    }

    /** What to reach and how; secrets are named by the owner-only file that holds them, never printed. */
    static String banner(boolean mosquitto, Path data, DemoAccount demo, DemoDevice frontDoor) {
        Path adminPasswordFile = data.resolve("admin-password");
        return String.join("\n",
                "",
                "doorlock is up. Ctrl-C stops everything.",
                "",
                "  web console        http://127.0.0.1:" + DASHBOARD_PORT + "/   (sign in as " + ADMIN + "; DOORLOCK_SIMULATED_DEVICES=5 bin/run-local adds live devices)",
                "",
                "  dashboard-gateway  http://127.0.0.1:" + DASHBOARD_PORT + "   ws://127.0.0.1:" + DASHBOARD_PORT + "/ws/dashboard",
                "  device-gateway     http://127.0.0.1:" + DEVICE_PORT + "   ws://127.0.0.1:" + DEVICE_PORT + "/ws/device",
                "  command-service    http://127.0.0.1:" + COMMAND_PORT,
                "  audit-service      http://127.0.0.1:" + AUDIT_PORT,
                "  MongoDB (wire server, data in " + data.resolve(MONGO_SNAPSHOT) + " and its journal, on disk within " + FLUSH_SECONDS
                        + " s)  mongodb://127.0.0.1:" + MONGO_PORT,
                "  MQTT broker (" + (mosquitto ? "Mosquitto" : "embedded Moquette") + ", no anonymous clients, a role per account)  mqtt://127.0.0.1:" + MQTT_PORT,
                "  health: /q/health/ready  metrics: /q/metrics on each service",
                "",
                "secrets are in owner-only files of " + data + ", never printed:",
                "  first admin " + ADMIN + ": password in " + adminPasswordFile + " (DOORLOCK_AUTH_ADMIN_PASSWORD sets it on a fresh data directory)",
                "  demo account " + DemoAccount.USERNAME + " (a plain user): password in " + demo.passwordFile(),
                "  demo device " + frontDoor.id() + " (Front Door, owned by " + DemoAccount.USERNAME + "): token in " + frontDoor.tokenFile()
                        + " (new at every start), with its id in " + frontDoor.credentialsFile(),
                "  broker accounts, bus keys, command key: broker-accounts.properties, bus-keys.properties, command-signing-key.pem",
                "",
                "an access token (1 h; the admin may control every device):",
                "  curl -s -H 'Content-Type: application/json' http://127.0.0.1:" + DASHBOARD_PORT + "/api/auth/login \\",
                "    -d \"{\\\"username\\\":\\\"" + ADMIN + "\\\",\\\"password\\\":\\\"$(cat " + adminPasswordFile + ")\\\"}\"",
                "the demo device over WebSocket:",
                "  websocat -H \"Authorization: Bearer $(cat " + frontDoor.tokenFile() + ")\" 'ws://127.0.0.1:" + DEVICE_PORT + "/ws/device?deviceId="
                        + frontDoor.id() + "'",
                "or simulated (online in the console, for " + ADMIN + " and " + DemoAccount.USERNAME + ", and answering commands):",
                "  bin/simulate --credentials " + frontDoor.credentialsFile() + " --devices 1 --device-url http://127.0.0.1:" + DEVICE_PORT
                        + " --dashboard-url http://127.0.0.1:" + DASHBOARD_PORT,
                "");
    }

    /**
     * The broker accounts of this installation: made at the first start and kept in {@code broker-accounts.properties}
     * of the data directory (owner-only), because the broker keeps its dynamic-security state there too.
     */
    static BrokerAccounts brokerAccounts(Path data) throws IOException {
        Path file = data.resolve("broker-accounts.properties");
        if (Files.isRegularFile(file)) {
            return BrokerAccounts.fromProperties(SecretFiles.readProperties(file));
        }
        BrokerAccounts accounts = BrokerAccounts.generate();
        SecretFiles.writeProperties(file, accounts.toProperties(), "doorlock broker accounts (made at the first start of the local run)");
        return accounts;
    }

    /**
     * The first admin's password: DOORLOCK_AUTH_ADMIN_PASSWORD, or one generated at the first start and kept in the data
     * directory (owner-only), because the admin user itself persists in the on-disk database across starts.
     */
    static String adminPassword(Path data) throws IOException {
        String fromEnv = System.getenv("DOORLOCK_AUTH_ADMIN_PASSWORD");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        Path file = data.resolve("admin-password");
        if (Files.isRegularFile(file)) {
            return Files.readString(file).trim();
        }
        String generated = randomToken().substring(0, 20);
        SecretFiles.write(file, generated);
        return generated;
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }


    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
