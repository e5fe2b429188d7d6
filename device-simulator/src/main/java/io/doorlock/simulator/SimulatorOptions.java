package io.doorlock.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * The simulator's command line. Every option has a default, so {@code --devices 5 --register} against the local run
 * is enough.
 *
 * @param devices how many devices to simulate
 * @param transport {@code ws}, {@code mqtt} or {@code both} (each device holds both links)
 * @param deviceUrl device-gateway's base URL (WebSocket {@code /ws/device}, photo uploads)
 * @param dashboardUrl dashboard-gateway's base URL, to register devices
 * @param mqttHost broker host, for MQTT devices
 * @param mqttPort broker port
 * @param credentials a CSV file of {@code deviceId,token} lines to read (or, with {@code register}, to write)
 * @param register register the devices through the REST API (as {@code username} / {@code password})
 * @param username the account that registers (and owns) the devices
 * @param password its password
 * @param heartbeat heartbeat interval
 * @param eventsPerMinute random door, motion and battery events per device and minute
 * @param photoEvery a visitor photo upload per device this often (zero: never)
 * @param failureRatio share of commands acknowledged {@code failed}
 * @param ackLatency time between the {@code received} and the final ack
 * @param reportEvery how often the live counts are printed
 * @param duration stop after this long (zero: run until interrupted)
 * @param seed seed of the randomness, so that a run can be repeated
 * @param commandKey the platform's command key (base64 of the 32 raw bytes); by default read from dashboard-gateway
 * @param unsignedCommands execute commands without checking their signature, as old firmware does (off by default)
 */
public record SimulatorOptions(int devices, Transport transport, String deviceUrl, String dashboardUrl, String mqttHost, int mqttPort,
        Optional<Path> credentials, boolean register, String username, Optional<String> password, Duration heartbeat,
        double eventsPerMinute, Duration photoEvery, double failureRatio, Duration ackLatency, Duration reportEvery, Duration duration,
        long seed, Optional<String> commandKey, boolean unsignedCommands) {

    /** How a simulated device connects. */
    public enum Transport { WS, MQTT, BOTH }

    public static final String USAGE = """
            usage: bin/simulate [options]
              --devices N            devices to simulate (default 5)
              --transport ws|mqtt|both  (default ws)
              --device-url URL       device-gateway (default http://127.0.0.1:8081)
              --dashboard-url URL    dashboard-gateway, to register devices (default http://127.0.0.1:8080)
              --mqtt HOST:PORT       broker (default 127.0.0.1:1883)
              --credentials FILE     CSV of deviceId,token: read it, or write it with --register
              --register             register the devices through the REST API (as --user)
              --user NAME            account that registers and owns them (default admin)
              --password PASSWORD    its password (default: $DOORLOCK_SIMULATOR_PASSWORD, or .doorlock-local/admin-password)
              --heartbeat DURATION   heartbeat interval (default 30s)
              --events-per-minute X  random door, motion and battery events per device (default 1)
              --photo-every DURATION a visitor photo per device this often; 0 = never (default 0)
              --failure-ratio X      share of commands acknowledged failed (default 0)
              --ack-latency DURATION from received to the final ack (default 200ms)
              --report-every DURATION live counts (default 5s)
              --duration DURATION    stop after this long; 0 = until Ctrl-C (default 0)
              --seed N               randomness seed (default 1)
              --command-key BASE64   the platform's command key (default: GET /api/platform/command-key of --dashboard-url)
              --unsigned-commands    execute commands without checking their signature (old firmware; off by default)
            durations: 500ms, 30s, 5m, 1h
            """;

    public static SimulatorOptions parse(String... args) {
        int devices = 5;
        Transport transport = Transport.WS;
        String deviceUrl = "http://127.0.0.1:8081";
        String dashboardUrl = "http://127.0.0.1:8080";
        String mqttHost = "127.0.0.1";
        int mqttPort = 1883;
        Optional<Path> credentials = Optional.empty();
        boolean register = false;
        String username = "admin";
        Optional<String> password = Optional.ofNullable(System.getenv("DOORLOCK_SIMULATOR_PASSWORD"));
        Duration heartbeat = Duration.ofSeconds(30);
        double events = 1;
        Duration photo = Duration.ZERO;
        double failure = 0;
        Duration latency = Duration.ofMillis(200);
        Duration report = Duration.ofSeconds(5);
        Duration duration = Duration.ZERO;
        long seed = 1;
        Optional<String> commandKey = Optional.empty();
        boolean unsignedCommands = false;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            switch (option) {
                case "--register" -> register = true;
                case "--unsigned-commands" -> unsignedCommands = true;
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> {
                    if (rest.isEmpty()) {
                        throw new IllegalArgumentException(option + " needs a value");
                    }
                    String value = rest.remove(0);
                    switch (option) {
                        case "--devices" -> devices = positive(option, Integer.parseInt(value));
                        case "--transport" -> transport = Transport.valueOf(value.toUpperCase(Locale.ROOT));
                        case "--device-url" -> deviceUrl = trimSlash(value);
                        case "--dashboard-url" -> dashboardUrl = trimSlash(value);
                        case "--mqtt" -> {
                            int colon = value.lastIndexOf(':');
                            mqttHost = colon < 0 ? value : value.substring(0, colon);
                            mqttPort = colon < 0 ? 1883 : Integer.parseInt(value.substring(colon + 1));
                        }
                        case "--credentials" -> credentials = Optional.of(Path.of(value));
                        case "--user" -> username = value;
                        case "--password" -> password = Optional.of(value);
                        case "--heartbeat" -> heartbeat = duration(option, value);
                        case "--events-per-minute" -> events = ratio(option, Double.parseDouble(value), Double.MAX_VALUE);
                        case "--photo-every" -> photo = duration(option, value);
                        case "--failure-ratio" -> failure = ratio(option, Double.parseDouble(value), 1);
                        case "--ack-latency" -> latency = duration(option, value);
                        case "--report-every" -> report = duration(option, value);
                        case "--duration" -> duration = duration(option, value);
                        case "--seed" -> seed = Long.parseLong(value);
                        case "--command-key" -> commandKey = Optional.of(value);
                        default -> throw new IllegalArgumentException("unknown option " + option);
                    }
                }
            }
        }
        if (!register && credentials.isEmpty()) {
            throw new IllegalArgumentException("give --register (to create the devices) or --credentials FILE (to reuse them)");
        }
        if (heartbeat.isZero() || report.isZero()) {
            throw new IllegalArgumentException("--heartbeat and --report-every must be more than 0");
        }
        return new SimulatorOptions(devices, transport, deviceUrl, dashboardUrl, mqttHost, mqttPort, credentials, register, username, password,
                heartbeat, events, photo, failure, latency, report, duration, seed, commandKey, unsignedCommands);
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or {@code 0}. */
    static Duration duration(String option, String value) {
        try {
            if (value.equals("0")) {
                return Duration.ZERO;
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            long n = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " takes a duration such as 500ms, 30s, 5m or 1h, not " + value);
        }
    }

    private static int positive(String option, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return n;
    }

    private static double ratio(String option, double x, double max) {
        if (x < 0 || x > max) {
            throw new IllegalArgumentException(option + " must be between 0 and " + (max == Double.MAX_VALUE ? "anything" : max));
        }
        return x;
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
