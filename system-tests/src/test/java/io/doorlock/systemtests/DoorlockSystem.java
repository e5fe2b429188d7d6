package io.doorlock.systemtests;

import io.doorlock.common.command.CommandKeys;
import io.doorlock.testing.FreePorts;
import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.ServiceProcess;
import io.doorlock.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole platform for a system test: real Mosquitto, the MongoDB wire server, and the four services as separate
 * JVMs started from their packaged jars. Nothing is mocked.
 */
public final class DoorlockSystem implements AutoCloseable {

    public static final String DEVICE_ID = "door-1";
    public static final String DEVICE_TOKEN = "system-test-device-token-0123456789abcdef";
    public static final String OWNER = "owner-1";
    public static final String ADMIN = "olivia";
    public static final String ADMIN_PASSWORD = "system-test-admin-password";

    private static final List<String> JVM = List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    public final MosquittoBroker broker;
    public final MongoWireServer mongo;
    public final TestKeys keys;
    public final ServiceProcess deviceGateway;
    public final ServiceProcess dashboardGateway;
    public final ServiceProcess commandService;
    public final ServiceProcess auditService;

    private DoorlockSystem(MosquittoBroker broker, MongoWireServer mongo, TestKeys keys, List<ServiceProcess> services) {
        this.broker = broker;
        this.mongo = mongo;
        this.keys = keys;
        this.deviceGateway = services.get(0);
        this.dashboardGateway = services.get(1);
        this.commandService = services.get(2);
        this.auditService = services.get(3);
    }

    private static DoorlockSystem shared;

    /** One system for every system test of this JVM, stopped when the JVM exits. */
    public static synchronized DoorlockSystem shared() {
        if (shared == null) {
            shared = start();
            DoorlockSystem system = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(system::close));
        }
        return shared;
    }

    /** {@code method path} with an optional bearer token and JSON body; returns the status and the parsed answer. */
    public Http.Answer http(String method, String path, String token, String json) {
        return Http.call(method, "http://127.0.0.1:" + dashboardGateway.port() + path, token, json);
    }

    public static DoorlockSystem start() {
        Path root = Path.of(System.getProperty("doorlock.repo.root", "..")).toAbsolutePath().normalize();
        Path logs = root.resolve("system-tests/target/service-logs");
        MosquittoBroker broker = MosquittoBroker.start();
        MongoWireServer mongo = MongoWireServer.start();
        TestKeys keys = TestKeys.generate();

        Map<String, String> common = new LinkedHashMap<>();
        common.put("quarkus.mongodb.connection-string", mongo.connectionString());
        common.put("mp.messaging.connector.smallrye-mqtt.host", broker.host());
        common.put("mp.messaging.connector.smallrye-mqtt.port", String.valueOf(broker.port()));

        Map<String, String> device = new LinkedHashMap<>(common);
        device.put("doorlock.device-gateway.static-devices." + DEVICE_ID + ".token-sha256", io.doorlock.common.device.DeviceTokenHash.of(DEVICE_TOKEN));
        device.put("doorlock.device-gateway.static-devices." + DEVICE_ID + ".owner", OWNER);
        device.put("doorlock.device-gateway.static-devices." + DEVICE_ID + ".name", "Front Door");

        Map<String, String> dashboard = new LinkedHashMap<>(common);
        dashboard.put("mp.jwt.verify.publickey.location", keys.publicKeyPem().toUri().toString());
        dashboard.put("smallrye.jwt.sign.key.location", keys.privateKeyPem().toUri().toString());
        dashboard.put("doorlock.dashboard-gateway.static-devices." + DEVICE_ID + ".owner", OWNER);
        dashboard.put("doorlock.auth.admin.username", ADMIN);
        dashboard.put("doorlock.auth.admin.password", ADMIN_PASSWORD);
        // Every system test signs its people up from 127.0.0.1: more than the default 10 an hour per address.
        dashboard.put("doorlock.auth.registration-limits.per-address", "100000");
        dashboard.put("doorlock.dashboard-gateway.static-devices." + DEVICE_ID + ".name", "Front Door");

        int dashboardPort = FreePorts.find();
        String internalToken = java.util.UUID.randomUUID().toString();
        device.put("doorlock.device-gateway.visitors.dashboard-url", "http://127.0.0.1:" + dashboardPort);
        device.put("doorlock.device-gateway.visitors.internal-token", internalToken);
        dashboard.put("doorlock.visitors.internal-token", internalToken);
        // dashboard-gateway's admin health and audit routes query device-gateway and audit-service
        int devicePort = FreePorts.find();
        int auditPort = FreePorts.find();
        dashboard.put("doorlock.dashboard-gateway.upstreams.device-gateway-url", "http://127.0.0.1:" + devicePort);
        dashboard.put("doorlock.dashboard-gateway.upstreams.audit-service-url", "http://127.0.0.1:" + auditPort);
        Map<String, String> audit = new LinkedHashMap<>(common);
        for (Map<String, String> config : List.of(device, dashboard, audit)) {
            config.put("doorlock.internal-api.token", internalToken);
        }
        Map<String, String> command = new LinkedHashMap<>(common);
        device.putAll(broker.serviceConfig("device-gateway"));
        dashboard.putAll(broker.serviceConfig("dashboard-gateway"));
        command.putAll(broker.serviceConfig("command-service"));
        audit.putAll(broker.serviceConfig("audit-service"));
        List<ServiceProcess> services = new ArrayList<>();
        try {
            // Log files named apart from the other system tests' services (target/service-logs/<name>.log).
            services.add(ServiceProcess.start(root, "device-gateway", "system-device-gateway", devicePort, JVM, device, logs));
            services.add(ServiceProcess.start(root, "dashboard-gateway", "system-dashboard-gateway", dashboardPort, JVM, dashboard, logs));
            services.add(ServiceProcess.start(root, "command-service", "system-command-service", FreePorts.find(), JVM, command, logs));
            services.add(ServiceProcess.start(root, "audit-service", "system-audit-service", auditPort, JVM, audit, logs));
            CompletableFuture.allOf(services.stream()
                    .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(Duration.ofSeconds(90))))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            services.forEach(ServiceProcess::kill);
            broker.stop();
            mongo.stop();
            throw e;
        }
        return new DoorlockSystem(broker, mongo, keys, services);
    }

    public String deviceGatewayUrl() {
        return "http://127.0.0.1:" + deviceGateway.port();
    }

    public String deviceSocketUrl() {
        return "ws://127.0.0.1:" + deviceGateway.port() + "/ws/device";
    }

    /** Signs in through {@code POST /api/auth/login}, as a dashboard would, and returns the access token. */
    public String login(String username, String password) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + dashboardGateway.port() + "/api/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("login failed: " + response.statusCode() + " " + response.body());
            }
            return new io.doorlock.common.json.JsonCodec().mapper().readTree(response.body()).at("/data/token").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs a new user up through {@code POST /api/auth/register}, as a person would, and answers their access token. */
    public String signUp(String username) {
        Http.Answer registered = http("POST", "/api/auth/register", null, "{\"username\":\"" + username + "\",\"email\":\"" + username
                + "@example.com\",\"password\":\"a-long-password-1\"}");
        if (registered.status() != 201) {
            throw new IllegalStateException("sign-up failed: " + registered.status() + " " + registered.body());
        }
        return login(username, "a-long-password-1");
    }

    /** Registers a door lock for the user of {@code jwt} ({@code POST /api/device/register}); answers its view with the device token. */
    public com.fasterxml.jackson.databind.JsonNode registerDevice(String jwt, String name, String espId) {
        Http.Answer registered = http("POST", "/api/device/register", jwt,
                "{\"name\":\"" + name + "\",\"espId\":\"" + espId + "\",\"deviceType\":\"door-lock\"}");
        if (registered.status() != 201) {
            throw new IllegalStateException("device registration failed: " + registered.status() + " " + registered.body());
        }
        return registered.body().path("data");
    }

    /** The platform's command key, as a device gets it: {@code GET /api/platform/command-key}. */
    public PublicKey commandKey() {
        Http.Answer key = http("GET", "/api/platform/command-key", null, null);
        if (key.status() != 200) {
            throw new IllegalStateException("no command key: " + key.status() + " " + key.body());
        }
        return CommandKeys.fromRaw(Base64.getDecoder().decode(key.body().at("/data/publicKey").asText()));
    }

    public String dashboardSocketUrl() {
        return "ws://127.0.0.1:" + dashboardGateway.port() + "/ws/dashboard";
    }

    @Override
    public void close() {
        for (ServiceProcess s : List.of(deviceGateway, dashboardGateway, commandService, auditService)) {
            s.stop();
        }
        broker.stop();
        mongo.stop();
    }

}
