package io.doorlock.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.file.Files;

/** Shared helpers of the benchmarks: options, the repository root, HTTP GET, and the final table. */
final class Bench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Bench() {}

    /** {@code --name value} pairs. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("doorlock.repo.root", ".")).toAbsolutePath().normalize();
    }

    static String get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** A service's JVM options: the stated heap and SerialGC. */
    static List<String> jvm(String heap) {
        return new ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseSerialGC"));
    }

    /**
     * Starts a flight recording (profile settings) in a running JVM, so that set-up is not in the profile; {@link
     * #stopRecording} writes it to {@code bench/target/<name>.jfr}, which {@code bin/bench jfr-top FILE} summarises.
     */
    static void startRecording(long pid) {
        jcmd(pid, "JFR.start", "name=bench", "settings=profile");
    }

    static void stopRecording(long pid, Path file) {
        jcmd(pid, "JFR.stop", "name=bench", "filename=" + file);
        System.out.println("  profile: " + file);
    }

    /** Runs a diagnostic command in a running JVM and writes what it prints to {@code file}. */
    static void jcmdTo(long pid, Path file, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid)));
        command.addAll(List.of(args));
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(file.toFile()).start().waitFor();
        } catch (Exception e) {
            System.out.println("  jcmd " + String.join(" ", args) + " failed: " + e.getMessage());
        }
    }

    private static void jcmd(long pid, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid)));
        command.addAll(List.of(args));
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (Exception e) {
            System.out.println("  jcmd " + String.join(" ", args) + " failed: " + e.getMessage());
        }
    }

    /** CPU seconds (user + system) a process has used so far, from {@code /proc/<pid>/stat}; -1 if unknown. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime in clock ticks (USER_HZ 100)
        } catch (Exception e) {
            return -1;
        }
    }

    /** CPU seconds of this JVM and each of its child processes (services, broker), by name. */
    static Map<String, Double> cpuByProcess() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("benchmark JVM (clients, wire server)", cpuSeconds(ProcessHandle.current().pid()));
        ProcessHandle.current().children().forEach(child -> {
            String command = child.info().commandLine().orElse("?");
            String name = command.contains("mosquitto") && !command.contains("java") ? "mosquitto"
                    : command.replaceAll(".*?([a-z-]+)/target/quarkus-app.*", "$1");
            cpu.merge(name.length() > 40 ? "pid " + child.pid() : name, cpuSeconds(child.pid()), Double::sum);
        });
        return cpu;
    }

    /** Prints the figures as a two-column table. */
    static void table(String title, String[][] rows) {
        int width = 0;
        for (String[] row : rows) {
            width = Math.max(width, row[0].length());
        }
        System.out.println();
        System.out.println("== " + title);
        for (String[] row : rows) {
            System.out.printf("| %-" + width + "s | %s |%n", row[0], row[1]);
        }
        System.out.println();
    }
}
