package io.doorlock.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorlock.common.command.CommandKeys;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.time.LocalTime;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fleet of simulated ESP32 door locks and cameras, so that anyone can try the platform without hardware:
 * {@code bin/simulate --devices 5 --register} against the local run. Prints live counts every few seconds.
 */
public final class DeviceSimulator implements AutoCloseable {

    private final SimulatorOptions options;
    private final Counters counters = new Counters();
    private final Vertx vertx;
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private long reporter = -1;

    private DeviceSimulator(SimulatorOptions options) {
        this.options = options;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors())));
    }

    /** Loads or registers the fleet and connects every device; {@code report} receives the live count lines. */
    public static DeviceSimulator start(SimulatorOptions options, Consumer<String> report) throws Exception {
        List<Fleet.Device> fleet = fleet(options);
        DeviceSimulator simulator = new DeviceSimulator(options);
        WebSocketClient ws = simulator.vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1024 * 1024)
                .setConnectTimeout(10_000).setMaxConnections(Math.max(fleet.size() * 2, 100)));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Optional<PublicKey> commandKey = options.unsignedCommands() ? Optional.empty() : Optional.of(commandKey(options, http));
        long seed = options.seed();
        for (Fleet.Device d : fleet) {
            simulator.devices.add(new SimulatedDevice(simulator.vertx, options, d, simulator.counters, seed++, ws, http, commandKey));
        }
        // Spread the first connections over a second, as a fleet that powers up does not connect in the same instant.
        for (int i = 0; i < simulator.devices.size(); i++) {
            SimulatedDevice device = simulator.devices.get(i);
            simulator.vertx.setTimer(1 + (1000L * i) / Math.max(1, simulator.devices.size()), t -> device.start());
        }
        simulator.reporter = simulator.vertx.setPeriodic(options.reportEvery().toMillis(), t -> report.accept(simulator.counters.line(fleet.size())));
        return simulator;
    }

    /**
     * The platform key the locks check commands with: {@code --command-key}, or dashboard-gateway's
     * {@code GET /api/platform/command-key}, as firmware gets it at activation.
     */
    static PublicKey commandKey(SimulatorOptions options, HttpClient http) throws IOException, InterruptedException {
        String base64 = options.commandKey().orElse(null);
        if (base64 == null) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(options.dashboardUrl() + "/api/platform/command-key"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("no platform command key from " + options.dashboardUrl() + " (" + response.statusCode()
                        + "): pass --command-key, or --unsigned-commands to simulate firmware that checks nothing");
            }
            base64 = new ObjectMapper().readTree(response.body()).path("data").path("publicKey").asText();
        }
        return CommandKeys.fromRaw(Base64.getDecoder().decode(base64));
    }

    public Counters counters() {
        return counters;
    }

    public List<String> deviceIds() {
        return devices.stream().map(SimulatedDevice::deviceId).toList();
    }

    @Override
    public void close() {
        vertx.cancelTimer(reporter);
        CountDownLatch stopped = new CountDownLatch(devices.size());
        for (SimulatedDevice d : devices) {
            vertx.runOnContext(v -> {
                d.stop();
                stopped.countDown();
            });
        }
        try {
            stopped.await(5, TimeUnit.SECONDS);
            Thread.sleep(200); // let the last offline statuses and close frames go out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    private static List<Fleet.Device> fleet(SimulatorOptions options) throws Exception {
        if (!options.register()) {
            List<Fleet.Device> all = Fleet.read(options.credentials().orElseThrow());
            return all.subList(0, Math.min(all.size(), options.devices()));
        }
        String password = options.password().orElseGet(DeviceSimulator::localAdminPassword);
        List<Fleet.Device> registered = Fleet.register(options.dashboardUrl(), options.username(), password, options.devices(), options.seed());
        if (options.credentials().isPresent()) {
            Fleet.write(options.credentials().get(), registered);
        }
        return registered;
    }

    /** The local run's generated admin password ({@code .doorlock-local/admin-password}). */
    private static String localAdminPassword() {
        Path file = Path.of(System.getenv().getOrDefault("DOORLOCK_DATA_DIR", ".doorlock-local"), "admin-password");
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("no --password given and " + file + " cannot be read (is the local run started?)");
        }
    }

    /** Vert.x logs each MQTT connection at INFO through java.util.logging; the live counts say enough. */
    private static final Logger VERTX_LOG = Logger.getLogger("io.vertx");

    public static void main(String[] args) throws Exception {
        VERTX_LOG.setLevel(Level.WARNING);
        SimulatorOptions options;
        try {
            options = SimulatorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("simulate: " + e.getMessage());
            }
            System.err.print(SimulatorOptions.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        System.out.printf("simulating %d %s device(s) against %s%n", options.devices(), options.transport().name().toLowerCase(), options.deviceUrl());
        DeviceSimulator simulator = start(options, line -> System.out.println(LocalTime.now().withNano(0) + "  " + line));
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            System.out.println("final  " + simulator.counters.line(simulator.devices.size()));
            done.countDown();
        }));
        if (!options.duration().isZero()) {
            Thread.sleep(options.duration().toMillis());
            System.exit(0);
        }
        done.await();
    }
}
