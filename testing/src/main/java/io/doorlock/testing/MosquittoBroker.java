package io.doorlock.testing;

import io.doorlock.common.topic.DeviceBrokerAccess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto 2.0 broker, started as a child process on a loopback port with the project's own configuration
 * ({@code deploy/mosquitto/mosquitto.conf}, copied into this jar at build time), always locked down as production
 * is: the dynamic-security plugin, no anonymous clients, one account per service holding only its own role
 * ({@code deploy/mosquitto/service-roles.json}), and an admin account for device provisioning. Stop, kill and restart
 * keep the port, the persistence directory and the accounts, so tests can take the broker away and bring it back.
 */
public final class MosquittoBroker implements LockedDownBroker, AutoCloseable {

    private static final List<String> PLUGINS = List.of("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so",
            "/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so", "/usr/lib/mosquitto_dynamic_security.so");
    private static final List<String> CANDIDATES = List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto");
    private static final String STATE = "dynamic-security.json";

    private final int port;
    private final Path dir;
    private final Path config;
    private final Path log;
    private final BrokerAccounts accounts;
    private final BusKeys busKeys;
    private Path busKeysFile;
    private CommandSigningKeys commandKeys;
    private Process process;

    private MosquittoBroker(int port, Path dir, BrokerAccounts accounts, BusKeys busKeys) {
        this.port = port;
        this.dir = dir;
        this.config = dir.resolve("mosquitto.conf");
        this.log = dir.resolve("mosquitto.log");
        this.accounts = accounts;
        this.busKeys = busKeys;
    }

    /** Starts a broker on a free port with a fresh directory and fresh accounts. */
    public static MosquittoBroker start() {
        try {
            return start(FreePorts.find(), Files.createTempDirectory("doorlock-mosquitto-"), BrokerAccounts.generate(), BusKeys.generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a broker on {@code port} with its state in {@code dir}. A directory without dynamic-security state gets
     * one with {@code accounts}' admin; the service roles and accounts are (re)applied at every start, so a newer
     * {@code service-roles.json} reaches an existing installation. The services of this installation sign the bus
     * with {@code busKeys} ({@link #serviceConfig} writes a copy beside the broker's state for them).
     */
    public static MosquittoBroker start(int port, Path dir, BrokerAccounts accounts, BusKeys busKeys) {
        MosquittoBroker broker = new MosquittoBroker(port, dir, accounts, busKeys);
        if (!Files.isRegularFile(dir.resolve(STATE))) {
            DynsecState.writeInitial(dir.resolve(STATE), accounts.admin());
        }
        broker.writeConfig();
        broker.launch();
        ServiceProvisioning.apply(port, accounts);
        return broker;
    }

    /** The broker's accounts: its admin, the four services and the test observer. */
    public BrokerAccounts accounts() {
        return accounts;
    }

    /** A test client logged in as {@code account}, with a random client id. */
    public TestMqttClient connect(MqttAccount account) {
        return TestMqttClient.connect(port, "test-" + UUID.randomUUID(), Optional.of(account.username()), Optional.of(account.password()));
    }

    /** A test client that may read every doorlock topic and publish nothing. */
    public TestMqttClient observe() {
        return connect(accounts.observer());
    }

    /** A test client that may read and publish every doorlock topic: the test plays the services not under test. */
    public TestMqttClient harness() {
        return connect(accounts.harness()).signingBusMessages(busKeys::signAsProducer);
    }

    /** The platform's command key of this installation. */
    public synchronized CommandSigningKeys commandKeys() {
        if (commandKeys == null) {
            commandKeys = CommandSigningKeys.in(dir);
        }
        return commandKeys;
    }

    private synchronized Path busKeysFile() {
        if (busKeysFile == null) {
            busKeysFile = busKeys.write(dir.resolve("bus-keys.properties"));
        }
        return busKeysFile;
    }

    /** The bus keys of the services of this installation. */
    public BusKeys busKeys() {
        return busKeys;
    }

    /** A test client acting as one of the services, with that service's account and role. */
    public TestMqttClient connectAs(String service) {
        return connect(accounts.service(service));
    }

    /**
     * The secrets one of the four services needs in this installation: its own broker account, the bus keys, the
     * command key (command-service signs with it, dashboard-gateway hands out its public half), and for
     * dashboard-gateway the admin account it provisions devices with. They live here, beside the broker's state,
     * because every test and the local run start a broker first.
     */
    public Map<String, String> serviceConfig(String service) {
        Map<String, String> config = new LinkedHashMap<>(accounts.serviceConfig(service));
        config.putAll(BusKeys.serviceConfig(busKeysFile()));
        config.putAll(commandKeys().serviceConfig(service));
        return config;
    }

    /** Gives a device its account, as dashboard-gateway does at registration (a device that has one keeps it). */
    public void provisionDevice(String deviceId, String token) {
        DynsecAdmin.execute(port, accounts.admin(), DeviceBrokerAccess.create(deviceId, token), List.of("already exists"));
    }

    /** {@code deploy/mosquitto/service-roles.json}: the roles of the four services, as the plugin's command batch. */
    public static String serviceRoles() {
        try (InputStream in = MosquittoBroker.class.getResourceAsStream("mosquitto/service-roles.json")) {
            if (in == null) {
                throw new IllegalStateException("service-roles.json missing from the testing jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mosquitto binary, or empty when the Debian package {@code mosquitto} is not installed. */
    public static Optional<Path> binary() {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public Path directory() {
        return dir;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Graceful stop (SIGTERM); persistent sessions and retained messages are saved. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            await(process);
        }
        FreePorts.awaitClosed(port, Duration.ofSeconds(10));
    }

    /** Hard stop (SIGKILL). */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            await(process);
        }
        FreePorts.awaitClosed(port, Duration.ofSeconds(10));
    }

    /** Starts the broker again on the same port and directory. */
    public synchronized void restart() {
        stop();
        launch();
    }

    public synchronized void startAgain() {
        if (!isRunning()) {
            launch();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void writeConfig() {
        try (InputStream in = MosquittoBroker.class.getResourceAsStream("mosquitto/mosquitto.conf")) {
            if (in == null) {
                throw new IllegalStateException("mosquitto.conf missing from the testing jar");
            }
            Path plugin = PLUGINS.stream().map(Path::of).filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new IllegalStateException("mosquitto_dynamic_security.so not found (Debian package mosquitto)"));
            StringBuilder conf = new StringBuilder();
            conf.append("# generated by io.doorlock.testing.MosquittoBroker\n");
            conf.append("listener ").append(port).append(" 127.0.0.1\n");
            conf.append("persistence_location ").append(dir.toAbsolutePath()).append("/\n");
            if ("root".equals(System.getProperty("user.name"))) {
                conf.append("user root\n");
            }
            conf.append("plugin ").append(plugin).append("\n");
            conf.append("plugin_opt_config_file ").append(dir.resolve(STATE).toAbsolutePath()).append("\n");
            conf.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Files.writeString(config, conf.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() {
        Path binary = binary().orElseThrow(() -> new IllegalStateException(
                "mosquitto is not installed: run 'apt-get install -y mosquitto' (bin/test does this for you)"));
        try {
            process = new ProcessBuilder(binary.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            FreePorts.awaitListening(port, Duration.ofSeconds(10));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("mosquitto did not start; see " + log, e);
        }
    }

    private static void await(Process p) {
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
