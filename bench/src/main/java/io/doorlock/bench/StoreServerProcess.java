package io.doorlock.bench;

import io.doorlock.testing.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link StoreServer} child JVM (the benchmark's own class path, a 1 GiB heap) on a free port. */
final class StoreServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private StoreServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static StoreServerProcess start(String kind, Path file, int flushSeconds) throws IOException {
        int port = FreePorts.find();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                StoreServer.class.getName(), kind, String.valueOf(port), file.toString(), String.valueOf(flushSeconds)))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("ready")) {
            // start-up output
        }
        if (line == null) {
            throw new IllegalStateException("the " + kind + " wire server did not start");
        }
        return new StoreServerProcess(process, port);
    }

    String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** CPU seconds the server has used so far. */
    double cpuSeconds() {
        return Bench.cpuSeconds(process.pid());
    }

    /** Stops the server the way the local run does (the backend is closed, H2 writes its file) and waits for it. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
