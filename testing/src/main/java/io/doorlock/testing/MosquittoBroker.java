package io.doorlock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto 2.0 broker, started as a child process on a loopback port with the project's own configuration
 * ({@code deploy/mosquitto/mosquitto.conf}, copied into this jar at build time). Stop, kill and restart keep the port
 * and the persistence directory, so tests can take the broker away and bring it back.
 */
public final class MosquittoBroker implements AutoCloseable {

    private static final List<String> PLUGINS = List.of("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so",
            "/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so", "/usr/lib/mosquitto_dynamic_security.so");
    private static final List<String> CANDIDATES = List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto");

    private final int port;
    private final Path dir;
    private final Path config;
    private final Path log;
    private Process process;
    private Optional<String[]> dynamicSecurityAdmin = Optional.empty();

    private MosquittoBroker(int port, Path dir) {
        this.port = port;
        this.dir = dir;
        this.config = dir.resolve("mosquitto.conf");
        this.log = dir.resolve("mosquitto.log");
    }

    /** Starts a broker on a free port with a fresh directory. */
    public static MosquittoBroker start() {
        try {
            return start(FreePorts.find(), Files.createTempDirectory("doorlock-mosquitto-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MosquittoBroker start(int port, Path dir) {
        MosquittoBroker broker = new MosquittoBroker(port, dir);
        broker.writeConfig();
        broker.launch();
        return broker;
    }

    /**
     * Starts a broker with the dynamic-security plugin, initialised with one admin client. Anonymous clients get
     * nothing; clients and roles are provisioned at runtime through {@code $CONTROL/dynamic-security/v1}.
     */
    public static MosquittoBroker startWithDynamicSecurity(String adminUser, String adminPassword) {
        try {
            MosquittoBroker broker = new MosquittoBroker(FreePorts.find(), Files.createTempDirectory("doorlock-mosquitto-dynsec-"));
            broker.dynamicSecurityAdmin = Optional.of(new String[] {adminUser, adminPassword});
            Path state = broker.dir.resolve("dynamic-security.json");
            Process init = new ProcessBuilder("mosquitto_ctrl", "dynsec", "init", state.toString(), adminUser, adminPassword)
                    .redirectErrorStream(true).start();
            if (!init.waitFor(20, TimeUnit.SECONDS) || init.exitValue() != 0) {
                throw new IllegalStateException("mosquitto_ctrl dynsec init failed: " + new String(init.getInputStream().readAllBytes()));
            }
            broker.writeConfig();
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs one {@code mosquitto_ctrl dynsec} command as the admin, e.g. {@code dynsec("createClient", "svc", "-p", "pw")}.
     */
    public void dynsec(String... args) {
        String[] admin = dynamicSecurityAdmin.orElseThrow(() -> new IllegalStateException("no dynamic security on this broker"));
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("mosquitto_ctrl", "-h", host(), "-p",
                String.valueOf(port), "-u", admin[0], "-P", admin[1], "dynsec"));
        command.addAll(java.util.List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0 || out.contains("Error")) {
                throw new IllegalStateException("mosquitto_ctrl dynsec " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a client that may use every {@code doorlock/#} topic, as the services do. */
    public void provisionServiceAccount(String username, String password) {
        dynsec("createRole", "doorlock-service");
        for (String type : new String[] {"publishClientSend", "publishClientReceive", "subscribePattern"}) {
            dynsec("addRoleACL", "doorlock-service", type, "doorlock/#", "allow");
        }
        dynsec("createClient", username, "-p", password);
        dynsec("addClientRole", username, "doorlock-service");
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
            String base = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder conf = new StringBuilder();
            conf.append("# generated by io.doorlock.testing.MosquittoBroker\n");
            conf.append("listener ").append(port).append(" 127.0.0.1\n");
            conf.append("persistence_location ").append(dir.toAbsolutePath()).append("/\n");
            if ("root".equals(System.getProperty("user.name"))) {
                conf.append("user root\n");
            }
            if (dynamicSecurityAdmin.isPresent()) {
                Path plugin = PLUGINS.stream().map(Path::of).filter(Files::isRegularFile).findFirst()
                        .orElseThrow(() -> new IllegalStateException("mosquitto_dynamic_security.so not found"));
                conf.append("plugin ").append(plugin).append("\n");
                conf.append("plugin_opt_config_file ").append(dir.resolve("dynamic-security.json").toAbsolutePath()).append("\n");
                conf.append("allow_anonymous false\n");
                base = base.replaceAll("(?m)^allow_anonymous .*$", "");
            }
            conf.append(base);
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
