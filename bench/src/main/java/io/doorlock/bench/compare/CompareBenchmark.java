package io.doorlock.bench.compare;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bin/bench compare}: one open-loop load driver for any backend that speaks the seed's Socket.IO protocol.
 * Devices connect and ack every command at once; dashboards send {@code lock_door} / {@code unlock_door} round robin at
 * a fixed total rate, whether or not answers came back. Prints, per rate, what became of the sends, latency
 * percentiles, the rate sustained and the CPU per command of the server processes and of the driver itself.
 */
public final class CompareBenchmark {

    private final CompareOptions options;
    private final Clock clock;
    private final AtomicReference<CommandLedger> current;
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));

    private CompareBenchmark(CompareOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.current = new AtomicReference<>(new CommandLedger(clock));
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("doorlock.repo.root", ".")).toAbsolutePath().normalize();
        CompareOptions options;
        try {
            options = CompareOptions.parse(args, root);
        } catch (IllegalArgumentException e) {
            System.err.println("bin/bench compare: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            new CompareBenchmark(options, Clock.systemUTC()).run();
        } catch (IllegalStateException e) {
            System.err.println("bin/bench compare: " + e.getMessage());
            System.exit(1); // Vert.x's threads would keep the JVM alive
        }
        System.exit(0);
    }

    private void run() throws Exception {
        int each = options.devices() / options.dashboards();
        Registration registration = options.dialect() == Dialect.DOORLOCK
                ? new DoorlockRegistration(options.url(), options.deviceUrl(), options.accounts(), clock)
                : new SeedRegistration(options.url(), options.user(), options.password());
        List<DashboardLogin> logins = registration.prepare(options.dashboards(), each);
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(options.devices() + options.dashboards() + 10).setConnectTimeout(30_000));
        List<BenchDevice> devices = new ArrayList<>();
        for (DashboardLogin login : logins) {
            for (DeviceLogin device : login.devices()) {
                devices.add(await(BenchDevice.connect(client, URI.create(options.deviceUrl()), device, options.dialect(), current::get, clock)));
            }
        }
        List<BenchDashboard> dashboards = new ArrayList<>();
        for (DashboardLogin login : logins) {
            dashboards.add(await(BenchDashboard.connect(client, URI.create(options.url()), login, options.dialect(), current::get)));
        }
        ServerProcesses servers = ServerProcesses.find(options.pids(), options.withDescendants(), options.processPattern());
        System.out.printf("%s at %s (devices at %s): %d devices, %d dashboards; server processes: %s%n", options.dialect(),
                options.url(), options.deviceUrl(), devices.size(), dashboards.size(),
                servers.pids().isEmpty() ? "none given (--pids / --process-pattern): server CPU not measured"
                        : servers.pids().stream().map(pid -> pid + " " + ServerProcesses.name(pid)).toList());
        List<StepReport> reports = new ArrayList<>();
        for (double rate : options.rates()) {
            reports.add(step(rate, dashboards, servers));
            StepReport report = reports.get(reports.size() - 1);
            System.out.println(FigureTable.line(report, devices.stream().filter(BenchDevice::isOpen).count(),
                    dashboards.stream().filter(BenchDashboard::isOpen).count()));
        }
        System.out.println();
        System.out.println(FigureTable.table(reports));
        dashboards.forEach(BenchDashboard::close);
        devices.forEach(BenchDevice::close);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private StepReport step(double rate, List<BenchDashboard> dashboards, ServerProcesses servers) {
        CommandLedger ledger = new CommandLedger(clock);
        current.set(ledger);
        long self = ProcessHandle.current().pid();
        Map<Long, Double> before = servers.sample();
        double driverBefore = ProcessCpu.seconds(self).orElse(0.0);
        OpenLoopSchedule schedule = new OpenLoopSchedule(rate, clock.instant().plusMillis(100), options.length());
        int each = options.devices() / options.dashboards();
        for (long n = 0; n < schedule.count(); n++) {
            waitUntil(schedule.due(n));
            BenchDashboard dashboard = dashboards.get((int) (n % dashboards.size()));
            long round = n / dashboards.size();
            String deviceId = dashboard.login().devices().get((int) (round % each)).id();
            dashboard.send(deviceId, (round / each) % 2 == 0 ? "lock_door" : "unlock_door");
        }
        Instant drainUntil = clock.instant().plus(options.drain());
        while (!ledger.settled() && clock.instant().isBefore(drainUntil)) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // polling for the answers, bounded by --drain-seconds
        }
        Map<Long, Double> after = servers.sample();
        double driver = ProcessCpu.seconds(self).orElse(0.0) - driverBefore;
        Map<String, Double> serverCpu = new LinkedHashMap<>();
        after.forEach((pid, seconds) -> serverCpu.merge(ServerProcesses.name(pid), seconds - before.getOrDefault(pid, seconds), Double::sum));
        return new StepReport(ledger.figures(rate, options.length()), serverCpu, driver);
    }

    private void waitUntil(Instant due) {
        long nanos;
        while ((nanos = Duration.between(clock.instant(), due).toNanos()) > 0) {
            LockSupport.parkNanos(nanos);
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
