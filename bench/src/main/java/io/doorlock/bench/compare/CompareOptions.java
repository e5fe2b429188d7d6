package io.doorlock.bench.compare;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of {@code bin/bench compare}.
 *
 * @param dialect {@code --target doorlock|seed}
 * @param url {@code --url}: REST and dashboard Socket.IO (doorlock: dashboard-gateway)
 * @param deviceUrl {@code --device-url}: device Socket.IO (doorlock: device-gateway; the seed: {@code --url})
 * @param devices {@code --devices}: device connections
 * @param dashboards {@code --dashboards}: dashboard users, each commanding {@code devices / dashboards} devices
 * @param rates {@code --rates}: commands per second, one step each
 * @param length {@code --seconds}: how long each step sends
 * @param drain {@code --drain-seconds}: how long a step waits for late answers after its last send
 * @param pids {@code --pids}: server processes whose CPU is counted
 * @param withDescendants {@code --descendants true|false}: count the descendants of {@code --pids} too (default true:
 *     the pid of {@code bin/run-local} brings the broker and the four services)
 * @param processPattern {@code --process-pattern}: more server processes, by a text in their command line
 * @param user {@code --user}: an existing account on the target (the seed; doorlock signs its users up)
 * @param password {@code --password}
 * @param accounts {@code --accounts}: where doorlock's benchmark users and devices are kept between runs
 */
record CompareOptions(Dialect dialect, String url, String deviceUrl, int devices, int dashboards, List<Double> rates,
        Duration length, Duration drain, List<Long> pids, boolean withDescendants, Optional<String> processPattern, Optional<String> user,
        Optional<String> password, Path accounts) {

    /** Reads {@code --name value} pairs; refuses unknown names. */
    static CompareOptions parse(String[] args, Path repoRoot) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            given.put(args[i].substring(2), args[i + 1]);
        }
        List<String> known = List.of("target", "url", "device-url", "devices", "dashboards", "rates", "seconds", "drain-seconds",
                "pids", "descendants", "process-pattern", "user", "password", "accounts");
        given.keySet().stream().filter(name -> !known.contains(name)).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException("unknown option --" + name + " (known: --" + String.join(", --", known) + ")");
        });
        Dialect dialect = Dialect.valueOf(given.getOrDefault("target", "doorlock").toUpperCase());
        String url = given.getOrDefault("url", dialect == Dialect.DOORLOCK ? "http://127.0.0.1:8080" : "http://127.0.0.1:5000");
        String deviceUrl = given.getOrDefault("device-url", dialect == Dialect.DOORLOCK ? "http://127.0.0.1:8081" : url);
        int devices = Integer.parseInt(given.getOrDefault("devices", "200"));
        int dashboards = Integer.parseInt(given.getOrDefault("dashboards", "20"));
        if (dashboards < 1 || devices < dashboards || devices % dashboards != 0) {
            throw new IllegalArgumentException("--devices must be a multiple of --dashboards (each dashboard commands as many devices)");
        }
        List<Double> rates = Arrays.stream(given.getOrDefault("rates", "25,50,100,200,400").split(",")).map(Double::parseDouble).toList();
        List<Long> pids = given.containsKey("pids") ? Arrays.stream(given.get("pids").split(",")).map(Long::parseLong).toList() : List.of();
        return new CompareOptions(dialect, url, deviceUrl, devices, dashboards, rates,
                Duration.ofSeconds(Long.parseLong(given.getOrDefault("seconds", "60"))),
                Duration.ofSeconds(Long.parseLong(given.getOrDefault("drain-seconds", "15"))), pids,
                Boolean.parseBoolean(given.getOrDefault("descendants", "true")),
                Optional.ofNullable(given.get("process-pattern")), Optional.ofNullable(given.get("user")),
                Optional.ofNullable(given.get("password")),
                Path.of(given.getOrDefault("accounts", repoRoot.resolve("bench/target/compare-accounts.csv").toString())));
    }
}
