package io.doorlock.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The local run's database under command-service's load, side by side in one run: for each store (a wire server in
 * its own JVM, {@link StoreServer}: {@code h2}, the stock H2 backend the local run had, and {@code memory}, the
 * indexed memory backend with a snapshot and a journal forced to disk every {@code --flush-every} seconds that it has
 * now), {@code --documents}
 * finished commands are stored first (the history), then
 * {@code --threads} clients run commands back to back ({@link CommandStoreWorkload}: 8 operations each) while a sweeper
 * makes its 4 queries every second, as command-service does. Prints commands/s, operations/s and the wire server's
 * CPU per command and per operation (journal and snapshots written meanwhile included); then stops the server the way
 * the local run does (the memory store folds its journal into its snapshot), starts it again on the same data and
 * says how long that took and what it kept.
 *
 * <p>{@code bin/bench store [--documents 100000] [--devices 200] [--threads 4] [--warmup 10] [--seconds 30]
 * [--stores h2,memory] [--flush-every 1] [--jfr false]}; a store {@code memory:N} is the memory store with its journal
 * forced to disk every N seconds instead.
 *
 * <p>With {@code --jfr true} each wire server records a profile of the measured part only:
 * {@code bench/target/store-<store>.jfr}.
 */
public final class StoreBenchmark {

    private StoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Bench.options(args);
        int documents = Integer.parseInt(opts.getOrDefault("documents", "100000"));
        int devices = Integer.parseInt(opts.getOrDefault("devices", "200"));
        int threads = Integer.parseInt(opts.getOrDefault("threads", "4"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "10"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "30"));
        List<String> stores = Arrays.asList(opts.getOrDefault("stores", "h2,memory").split(","));
        int flushSeconds = Integer.parseInt(opts.getOrDefault("flush-every", "1"));
        boolean jfr = Boolean.parseBoolean(opts.getOrDefault("jfr", "false"));
        Path out = Bench.repoRoot().resolve("bench/target/store");
        Map<String, Map<String, String>> results = new LinkedHashMap<>();
        for (String store : stores) {
            System.out.println("== " + store + ": " + documents + " stored commands, " + threads + " clients, " + seconds + " s");
            // "memory:5": the memory store with its own flush interval
            String kind = store.split(":")[0];
            int every = store.contains(":") ? Integer.parseInt(store.split(":")[1]) : flushSeconds;
            String name = store.replace(':', '-');
            results.put(store, run(kind, out.resolve(name), documents, devices, threads, warmup, seconds, every,
                    jfr ? Optional.of(out.resolveSibling("store-" + name + ".jfr")) : Optional.empty()));
            print(store + " (so far)", results);
        }
        print("bin/bench store --documents " + documents + " --devices " + devices + " --threads " + threads + " --warmup " + warmup
                + " --seconds " + seconds + " --stores " + String.join(",", stores) + " --flush-every " + flushSeconds, results);
    }

    private static Map<String, String> run(String store, Path dir, int documents, int devices, int threads, int warmup, int seconds,
            int flushSeconds, Optional<Path> profile) throws Exception {
        clean(dir);
        Path file = dir.resolve(store.equals("h2") ? "mongo.mv" : "mongo.snapshot");
        Map<String, String> row = new LinkedHashMap<>();
        StoreServerProcess server = StoreServerProcess.start(store, file, flushSeconds);
        long stored = -1;
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("doorlock_commands");
            CommandStoreWorkload workload = new CommandStoreWorkload(database);
            workload.createIndexes();
            Instant start = Instant.now();
            for (int d = 0; d < devices; d++) {
                workload.link("bench-device-" + d, start);
            }
            double cpu0 = server.cpuSeconds();
            long t0 = System.nanoTime();
            workload.preload(documents, devices, start);
            row.put("storing the history: s (server CPU s)", String.format("%.1f (%.1f)", (System.nanoTime() - t0) / 1e9,
                    server.cpuSeconds() - cpu0));
            try {
                measure(workload, server, devices, threads, warmup);
                profile.ifPresent(recording -> Bench.startRecording(server.pid()));
                Measured measured = measure(workload, server, devices, threads, seconds);
                profile.ifPresent(recording -> Bench.stopRecording(server.pid(), recording));
                row.put("commands/s", String.format("%.0f", measured.commands / (double) seconds));
                row.put("operations/s", String.format("%.0f", measured.operations() / (double) seconds));
                row.put("server CPU per command (ms)", String.format("%.2f", measured.cpuSeconds * 1000 / Math.max(1, measured.commands)));
                row.put("server CPU per operation (µs)", String.format("%.0f", measured.cpuSeconds * 1e6 / Math.max(1, measured.operations())));
                row.put("server CPU (% of one core)", String.format("%.0f", measured.cpuSeconds * 100 / seconds));
                row.put("one command, 8 operations: p50 / p99 / max (ms)", String.format("%.1f / %.1f / %.0f", measured.commandMillis(0.50),
                        measured.commandMillis(0.99), measured.commandMillis(1.0)));
                row.put("sweeper pass: p50 / max (ms)", String.format("%.1f / %.1f (%d passes)", measured.sweepMillis(0.50),
                        measured.sweepMillis(1.0), measured.sweeps.size()));
            } catch (ExecutionException e) {
                String message = String.valueOf(e.getCause().getMessage());
                row.put("commands/s", "**failed**: " + message.substring(0, Math.min(90, message.length())));
                System.out.println("  " + store + " failed under load: " + message);
            }
            stored = database.getCollection("commands").countDocuments();
        }
        long t1 = System.nanoTime();
        server.close();
        row.put("stop (s)", String.format("%.1f", (System.nanoTime() - t1) / 1e9));
        long t2 = System.nanoTime();
        StoreServerProcess again = StoreServerProcess.start(store, file, flushSeconds);
        try (MongoClient client = MongoClients.create(again.connectionString())) {
            long kept = client.getDatabase("doorlock_commands").getCollection("commands").countDocuments();
            row.put("start again until it answers (s)", String.format("%.1f", (System.nanoTime() - t2) / 1e9));
            row.put("commands kept across the restart", kept + " of " + stored);
        } finally {
            again.close();
        }
        row.put("file size after the stop (MiB)", Files.exists(file) ? String.format("%.0f", Files.size(file) / 1048576.0) : "-");
        return row;
    }

    private static Measured measure(CommandStoreWorkload workload, StoreServerProcess server, int devices, int threads, int seconds)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<Long> commandNanos = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> sweepNanos = new ConcurrentLinkedQueue<>();
        double cpu0 = server.cpuSeconds();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(pool.submit(() -> {
                while (running.get()) {
                    long t0 = System.nanoTime();
                    workload.command("bench-device-" + Math.floorMod(next.getAndIncrement(), devices), Instant.now());
                    commandNanos.add(System.nanoTime() - t0);
                }
            }));
        }
        work.add(pool.submit(() -> {
            while (running.get()) {
                long t0 = System.nanoTime();
                workload.sweep(Instant.now());
                long took = System.nanoTime() - t0;
                sweepNanos.add(took);
                long rest = TimeUnit.SECONDS.toNanos(1) - took;
                if (rest > 0) {
                    TimeUnit.NANOSECONDS.sleep(rest); // the sweeper's interval, as command-service's timer
                }
            }
            return null;
        }));
        TimeUnit.SECONDS.sleep(seconds); // the measured period of a benchmark, not a wait for a condition
        running.set(false);
        double cpu = server.cpuSeconds() - cpu0;
        pool.shutdown();
        for (Future<?> f : work) {
            f.get();
        }
        return new Measured(commandNanos.size(), sorted(commandNanos), sorted(sweepNanos), cpu);
    }

    private static List<Long> sorted(ConcurrentLinkedQueue<Long> nanos) {
        List<Long> list = new ArrayList<>(nanos);
        list.sort(Comparator.naturalOrder());
        return list;
    }

    private record Measured(long commands, List<Long> commandNanos, List<Long> sweeps, double cpuSeconds) {

        long operations() {
            return commands * CommandStoreWorkload.OPS_PER_COMMAND + (long) sweeps.size() * CommandStoreWorkload.OPS_PER_SWEEP;
        }

        double commandMillis(double quantile) {
            return percentile(commandNanos, quantile);
        }

        double sweepMillis(double quantile) {
            return percentile(sweeps, quantile);
        }

        private static double percentile(List<Long> sorted, double quantile) {
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
            return sorted.get(Math.max(0, index)) / 1e6;
        }
    }

    private static void print(String command, Map<String, Map<String, String>> results) {
        List<String> stores = new ArrayList<>(results.keySet());
        List<String> rows = new ArrayList<>();
        results.values().forEach(r -> r.keySet().stream().filter(k -> !rows.contains(k)).forEach(rows::add));
        System.out.println();
        System.out.println("== " + command);
        System.out.println("| | " + String.join(" | ", stores) + " |");
        System.out.println("|---|" + "---|".repeat(stores.size()));
        for (String name : rows) {
            StringBuilder line = new StringBuilder("| " + name + " |");
            for (String store : stores) {
                line.append(' ').append(results.get(store).getOrDefault(name, "—")).append(" |");
            }
            System.out.println(line);
        }
        System.out.println();
    }

    private static void clean(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
    }
}
