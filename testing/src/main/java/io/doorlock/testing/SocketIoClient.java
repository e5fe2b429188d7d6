package io.doorlock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.io.File;
import java.util.Map;

/**
 * The official JavaScript {@code socket.io-client} 4.8 (from the npm registry, run with the machine's Node.js), driven
 * from a test: {@code driver.cjs} connects with the given {@code io()} options, reports every event, ack, connect and
 * disconnect as a JSON line, and emits what the test asks. The client is installed once into
 * {@code .tools/socketio} ({@link #modules()}).
 */
public final class SocketIoClient implements AutoCloseable {

    public static final String VERSION = "4.8.4";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer stdin;
    private final List<JsonNode> reports = new ArrayList<>();
    private final AtomicInteger seq = new AtomicInteger();

    private SocketIoClient(Process process) {
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.process = process;
        Thread reader = new Thread(() -> read(process.getInputStream()), "socketio-client-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** {@code io(url, options)}; {@code options} is the JSON of the options object, e.g. {@code {"auth":{"token":"..."}}}. */
    public static SocketIoClient connect(String url, String options) {
        try {
            Path driver = script("driver.cjs");
            ProcessBuilder builder = new ProcessBuilder("node", driver.toString(), url, options).redirectErrorStream(false);
            builder.environment().put("NODE_PATH", modules().toString());
            // Never INHERIT: inside a Surefire fork, stdin and stdout are Surefire's channel, and Node switches
            // inherited descriptors to non-blocking mode, which corrupts it. stderr is copied line by line instead.
            Process process = builder.start();
            forward(process.getErrorStream(), "socketio-client-stderr-" + process.pid());
            return new SocketIoClient(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one of the bundled scripts to its end with the given environment; answers its output (stdout and stderr). */
    public static String run(String script, Map<String, String> env, Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder("node", script(script).toString()).redirectErrorStream(true);
            builder.environment().put("NODE_PATH", modules().toString());
            builder.environment().putAll(env);
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void emit(String event, String dataJson) {
        send("{\"op\":\"emit\",\"event\":" + quote(event) + ",\"data\":" + dataJson + "}");
    }

    /** Emits with an ack callback; answers the sequence number that the {@code ack} report carries. */
    public int emitWithAck(String event, String dataJson) {
        int n = seq.incrementAndGet();
        send("{\"op\":\"emit\",\"event\":" + quote(event) + ",\"data\":" + dataJson + ",\"ack\":true,\"seq\":" + n + "}");
        return n;
    }

    /** Asks the client which transport it is on now (a {@code transport} report). */
    public void askTransport() {
        send("{\"op\":\"transport\"}");
    }

    /** The first report, from the start, that matches; fails after {@code timeout}. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (reports) {
            while (true) {
                for (JsonNode report : reports) {
                    if (match.test(report)) {
                        return report;
                    }
                }
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching socket.io report within " + timeout + "; got " + reports);
                }
                try {
                    reports.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    public JsonNode awaitType(String type, Duration timeout) {
        return await(r -> type.equals(r.path("type").asText()), timeout);
    }

    public JsonNode awaitEvent(String event, Duration timeout) {
        return await(r -> "event".equals(r.path("type").asText()) && event.equals(r.path("event").asText()), timeout);
    }

    public JsonNode awaitAck(int seq, Duration timeout) {
        return await(r -> "ack".equals(r.path("type").asText()) && r.path("seq").asInt() == seq, timeout);
    }

    /** Every report so far. */
    public List<JsonNode> reports() {
        synchronized (reports) {
            return List.copyOf(reports);
        }
    }

    @Override
    public void close() {
        try {
            send("{\"op\":\"close\"}");
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (RuntimeException | InterruptedException e) {
            // already gone
        }
        process.destroyForcibly();
    }

    /** {@code .tools/socketio/node_modules} under the repository, with socket.io-client installed (once, from npm). */
    public static synchronized Path modules() {
        Path dir = repoRoot().resolve(".tools/socketio");
        Path marker = dir.resolve("node_modules/socket.io-client/package.json");
        if (!Files.exists(marker)) {
            try {
                Files.createDirectories(dir);
                // bin/install-test-tools does this before Maven starts; this is for a test run on its own.
                // No inherited descriptors (see connect): stdin is /dev/null, the output goes to a log file.
                Path log = dir.resolve("npm-install.log");
                Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "socket.io-client@" + VERSION)
                        .directory(dir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                        .start();
                if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.exists(marker)) {
                    throw new IllegalStateException("npm install socket.io-client@" + VERSION + " failed in " + dir + "; see " + log);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return dir.resolve("node_modules");
    }

    private static void forward(InputStream stream, String name) {
        Thread copier = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    System.err.println("[socket.io-client] " + line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, name);
        copier.setDaemon(true);
        copier.start();
    }

    private static Path repoRoot() {
        String configured = System.getProperty("doorlock.repo.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/mosquitto"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root not found from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static Path script(String name) throws IOException {
        Path file = Files.createTempDirectory("doorlock-socketio-").resolve(name);
        try (InputStream in = SocketIoClient.class.getResourceAsStream("socketio/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the testing jar");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private void send(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the socket.io client process is gone", e);
        }
    }

    private void read(InputStream in) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                JsonNode report;
                try {
                    report = JSON.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                synchronized (reports) {
                    reports.add(report);
                    reports.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
