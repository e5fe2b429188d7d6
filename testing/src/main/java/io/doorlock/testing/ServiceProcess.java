package io.doorlock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One doorlock service started as its own JVM from its packaged Quarkus jar ({@code target/quarkus-app/quarkus-run.jar}).
 * Its configuration is written to {@code <logDir>/../config/<name>/config/application.properties}, readable by its
 * owner only, and the JVM runs in {@code <logDir>/../config/<name>}, where Quarkus reads that file (ordinal 260, above
 * the packaged defaults and below the environment). Nothing secret is ever on the command line, where any local
 * user could read it with {@code ps}. Used by the system tests and by the local run.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final List<String> jvmArgs;
    private final Map<String, String> environment;
    private final Map<String, String> properties;
    private final Path log;
    private final Path workDir;
    private Process process;

    private ServiceProcess(String name, Path jar, int port, List<String> jvmArgs, Map<String, String> environment,
            Map<String, String> properties, Path log) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.jvmArgs = jvmArgs;
        this.environment = environment;
        this.properties = properties;
        this.log = log;
        this.workDir = log.getParent().resolveSibling("config").resolve(name);
    }

    /**
     * Starts {@code <repoRoot>/<module>/target/quarkus-app/quarkus-run.jar} on {@code port}.
     *
     * @param properties Quarkus / MicroProfile configuration, written to an owner-only file the service reads
     */
    public static ServiceProcess start(Path repoRoot, String module, int port, List<String> jvmArgs, Map<String, String> properties, Path logDir) {
        return start(repoRoot, module, module, port, jvmArgs, properties, logDir);
    }

    /** As above, for a second instance of a module: {@code name} names it in logs and its log file. */
    public static ServiceProcess start(Path repoRoot, String module, String name, int port, List<String> jvmArgs, Map<String, String> properties,
            Path logDir) {
        return start(repoRoot, module, name, port, jvmArgs, Map.of(), properties, logDir);
    }

    /**
     * As above, with {@code environment} added to the process's environment: settings read before the JVM starts,
     * such as glibc's {@code MALLOC_ARENA_MAX}. Never secrets (the configuration file is for those).
     */
    public static ServiceProcess start(Path repoRoot, String module, String name, int port, List<String> jvmArgs,
            Map<String, String> environment, Map<String, String> properties, Path logDir) {
        Path jar = repoRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn -DskipTests package)");
        }
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServiceProcess service = new ServiceProcess(name, jar, port, jvmArgs, environment, properties, logDir.resolve(name + ".log"));
        service.launch();
        return service;
    }

    public String name() {
        return name;
    }

    /** The operating-system process id (for its resident memory in /proc). */
    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Waits until {@code /q/health/ready} answers 200. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            FreePorts.sleep(200);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + " (" + last + "); see " + log);
    }

    /** SIGTERM and wait: Quarkus shuts down gracefully. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    /** SIGKILL: no shutdown hooks, like a crashed pod. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** Starts the same service again with the same configuration. */
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        try {
            writeConfig();
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            process = builder
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeConfig() {
        SecretFiles.directory(workDir);
        Map<String, String> config = new LinkedHashMap<>(properties);
        config.put("quarkus.http.port", String.valueOf(port));
        SecretFiles.writeProperties(SecretFiles.directory(workDir.resolve("config")).resolve("application.properties"), config,
                "written by io.doorlock.testing.ServiceProcess for " + name);
    }

    private void waitFor() {
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
