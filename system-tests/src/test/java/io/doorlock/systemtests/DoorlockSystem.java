package io.doorlock.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.command.CommandKeys;
import io.doorlock.testing.FreePorts;
import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.ServiceProcess;
import io.doorlock.testing.TestKeys;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The whole platform for a system test: real Mosquitto, the MongoDB wire server, and the four services as separate
 * JVMs started from their packaged jars. Nothing is mocked.
 */
public final class DoorlockSystem implements AutoCloseable {

    /** The owner of the system's door lock, signed up through the public API at start. */
    public static final String OWNER = "owen";
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
    /** {@link #OWNER}'s account. */
    public final UserAccount owner;
    /** The door lock {@link #OWNER} registered at start ("Front Door"): device-gateway already accepts its token. */
    public final UserAccount.Device device;

    private DoorlockSystem(MosquittoBroker broker, MongoWireServer mongo, TestKeys keys, List<ServiceProcess> services, UserAccount owner,
            UserAccount.Device device) {
        this.broker = broker;
        this.mongo = mongo;
        this.keys = keys;
        this.deviceGateway = services.get(0);
        this.dashboardGateway = services.get(1);
        this.commandService = services.get(2);
        this.auditService = services.get(3);
        this.owner = owner;
        this.device = device;
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

        Map<String, String> dashboard = new LinkedHashMap<>(common);
        dashboard.put("mp.jwt.verify.publickey.location", keys.publicKeyPem().toUri().toString());
        dashboard.put("smallrye.jwt.sign.key.location", keys.privateKeyPem().toUri().toString());
        dashboard.put("doorlock.auth.admin.username", ADMIN);
        dashboard.put("doorlock.auth.admin.password", ADMIN_PASSWORD);
        // Every system test signs its people up from 127.0.0.1: more than the default 10 an hour per address.
        dashboard.put("doorlock.auth.registration-limits.per-address", "100000");

        int dashboardPort = FreePorts.find();
        String internalToken = UUID.randomUUID().toString();
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
            UserAccount owner = UserAccount.signUp("http://127.0.0.1:" + dashboardPort, OWNER);
            UserAccount.Device frontDoor = owner.register("Front Door", List.of("http://127.0.0.1:" + devicePort));
            return new DoorlockSystem(broker, mongo, keys, services, owner, frontDoor);
        } catch (RuntimeException e) {
            services.forEach(ServiceProcess::kill);
            broker.stop();
            mongo.stop();
            throw e;
        }
    }

    public String deviceGatewayUrl() {
        return "http://127.0.0.1:" + deviceGateway.port();
    }

    public String deviceSocketUrl() {
        return "ws://127.0.0.1:" + deviceGateway.port() + "/ws/device";
    }

    /** Signs in through {@code POST /api/auth/login}, as a dashboard would, and returns the access token. */
    public String login(String username, String password) {
        Http.Answer login = http("POST", "/api/auth/login", null, "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        if (login.status() != 200) {
            throw new IllegalStateException("login failed: " + login.status() + " " + login.body());
        }
        return login.body().at("/data/token").asText();
    }

    /** Signs a new user up through {@code POST /api/auth/register}, as a person would, and answers their access token. */
    public String signUp(String username) {
        return UserAccount.signUp("http://127.0.0.1:" + dashboardGateway.port(), username).token();
    }

    /** Registers a door lock for the user of {@code jwt} ({@code POST /api/device/register}); answers its view with the device token. */
    public JsonNode registerDevice(String jwt, String name, String espId) {
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
