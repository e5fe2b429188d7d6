package io.doorlock.localrun.broker;

import io.doorlock.common.topic.DeviceBrokerAccess;
import io.doorlock.testing.BrokerAccounts;
import io.doorlock.testing.DynsecAdmin;
import io.doorlock.testing.DynsecState;
import io.doorlock.testing.FreePorts;
import io.doorlock.testing.LockedDownBroker;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.MqttAccount;
import io.doorlock.testing.ServiceProvisioning;
import io.doorlock.testing.TestMqttClient;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * The local run's broker where Mosquitto is not installed: embedded Moquette 0.17 with the rules of Mosquitto's
 * dynamic-security plugin. No anonymous clients; passwords checked against salted hashes; devices bound to their
 * client id; the ACLs of each account's roles for publishing and subscribing (defaults: publish and subscribe denied);
 * a Will the account may not publish is dropped; the control API on {@code $CONTROL/dynamic-security/v1} for the
 * admin, whose password changes, disablings and deletions end the account's live sessions at once. The accounts and
 * roles live in {@code dynamic-security.json} of its directory, in the plugin's format; the same
 * {@link BrokerAccounts} and {@code service-roles.json} as {@link MosquittoBroker} are applied at every start, plus
 * the plain topics that stand in for shared subscriptions ({@link SharedSubscriptionFallback}).
 *
 * <p>Clients connect to a {@link ConnectGate} on {@code port}; Moquette itself listens on a free loopback port and
 * lets in only connections that came through the gate.
 */
public final class EmbeddedBroker implements LockedDownBroker, AutoCloseable {

    private static final String STATE = "dynamic-security.json";
    private static final List<String> TOLERATED = List.of("already exists");

    private final int port;
    private final Path dir;
    private final BrokerAccounts accounts;
    private Server server;
    private ConnectGate gate;
    private int internalPort;

    private EmbeddedBroker(int port, Path dir, BrokerAccounts accounts) {
        this.dir = dir;
        this.port = port;
        this.accounts = accounts;
    }

    /** A broker on a free port with a fresh directory and fresh accounts (tests). */
    public static EmbeddedBroker start() {
        try {
            return start(FreePorts.find(), Files.createTempDirectory("doorlock-moquette-"), BrokerAccounts.generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A broker on 127.0.0.1:{@code port} with its state in {@code dir}. A directory without a state file gets one with
     * {@code accounts}' admin; the service roles and accounts are (re)applied at every start.
     */
    public static EmbeddedBroker start(int port, Path dir, BrokerAccounts accounts) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.isRegularFile(dir.resolve(STATE))) {
            DynsecState.writeInitial(dir.resolve(STATE), accounts.admin());
        }
        EmbeddedBroker broker = new EmbeddedBroker(port, dir, accounts);
        broker.launch();
        ServiceProvisioning.apply(port, accounts);
        DynsecAdmin.execute(port, accounts.admin(), SharedSubscriptionFallback.plainTopics(MosquittoBroker.serviceRoles()), TOLERATED);
        return broker;
    }

    private synchronized void launch() {
        DynsecStore store = DynsecStore.open(dir.resolve(STATE));
        LiveLogins logins = new LiveLogins();
        GateTicket ticket = GateTicket.generate();
        internalPort = FreePorts.find();
        Server moquette = new Server();
        SessionKicker kicker = new SessionKicker(moquette, logins);
        SessionReadiness readiness = new SessionReadiness();
        try {
            moquette.startServer(new MemoryConfig(config(internalPort)), List.of(new DynsecControl(moquette, store, logins, kicker, readiness)), null,
                    new DynsecAuthenticator(store, logins, ticket), new DynsecAuthorizator(store, logins));
            gate = ConnectGate.open(port, internalPort, (username, topic) -> store.rules().mayPublish(username, topic), ticket, readiness);
        } catch (IOException e) {
            moquette.stopServer();
            throw new UncheckedIOException("the embedded broker did not start", e);
        }
        server = moquette;
    }

    private Properties config(int internalPort) {
        Properties props = new Properties();
        props.setProperty("host", "127.0.0.1");
        props.setProperty("port", String.valueOf(internalPort));
        props.setProperty("allow_anonymous", "false");
        props.setProperty("allow_zero_byte_client_id", "false");
        props.setProperty("telemetry_enabled", "false");
        props.setProperty("persistence_enabled", "true");
        props.setProperty("data_path", dir.toString());
        props.setProperty("netty.mqtt.message_size", String.valueOf(1024 * 1024));
        props.setProperty("websocket_port", "disabled");
        // one interceptor thread: control batches are applied in the order they arrive
        props.setProperty("intercept.thread_pool.size", "1");
        return props;
    }

    @Override
    public int port() {
        return port;
    }

    /** Moquette's own listener, behind the gate (tests prove it lets nobody in directly). */
    int internalPort() {
        return internalPort;
    }

    /** Where the accounts and roles are kept. */
    Path stateFile() {
        return dir.resolve(STATE);
    }

    @Override
    public BrokerAccounts accounts() {
        return accounts;
    }

    @Override
    public TestMqttClient connect(MqttAccount account) {
        return TestMqttClient.connect(port, "test-" + UUID.randomUUID(), Optional.of(account.username()), Optional.of(account.password()));
    }

    @Override
    public TestMqttClient connectAs(String service) {
        return connect(accounts.service(service));
    }

    @Override
    public TestMqttClient observe() {
        return connect(accounts.observer());
    }

    @Override
    public void provisionDevice(String deviceId, String token) {
        DynsecAdmin.execute(port, accounts.admin(), DeviceBrokerAccess.create(deviceId, token), TOLERATED);
    }

    @Override
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Stops the gate and Moquette (sessions, retained messages and accounts stay on disk). */
    public synchronized void stop() {
        if (gate != null) {
            gate.close();
            gate = null;
        }
        if (server != null) {
            server.stopServer();
            server = null;
        }
        FreePorts.awaitClosed(port, Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        stop();
    }
}
