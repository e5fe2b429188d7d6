package io.doorlock.bench.compare;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Doorlock's users and devices, made through its public REST API as a person would (as the system tests'
 * {@code UserAccount} does): sign up ({@code POST /api/auth/register}), sign in ({@code POST /api/auth/login}),
 * register locks ({@code POST /api/device/register}, whose answer holds the device token once). The accounts are kept
 * in a file ({@code username,deviceId,deviceToken} a line) and signed in again on later runs, since doorlock allows
 * only 10 sign-ups per address and hour by default. A new device is used once device-gateway accepts its token.
 */
final class DoorlockRegistration implements Registration {

    static final String PASSWORD = "bench-compare-password-1";
    private static final Duration ACCEPT_WAIT = Duration.ofSeconds(60);

    private final String dashboardUrl;
    private final String deviceUrl;
    private final Path accounts;
    private final Clock clock;

    DoorlockRegistration(String dashboardUrl, String deviceUrl, Path accounts, Clock clock) {
        this.dashboardUrl = dashboardUrl;
        this.deviceUrl = deviceUrl;
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public List<DashboardLogin> prepare(int dashboards, int devicesEach) {
        List<DashboardLogin> ready = new ArrayList<>();
        known().forEach((username, devices) -> {
            if (ready.size() < dashboards && devices.size() >= devicesEach) {
                signIn(username).ifPresent(token -> ready.add(new DashboardLogin(username, token, devices.subList(0, devicesEach))));
            }
        });
        int reused = ready.size();
        while (ready.size() < dashboards) {
            ready.add(signUp(devicesEach));
        }
        System.out.printf("doorlock: %d dashboard users reused from %s, %d signed up%n", reused, accounts, ready.size() - reused);
        ready.subList(reused, ready.size()).forEach(login -> login.devices().forEach(this::awaitAccepted));
        return ready;
    }

    private Map<String, List<DeviceLogin>> known() {
        Map<String, List<DeviceLogin>> known = new LinkedHashMap<>();
        if (Files.exists(accounts)) {
            try {
                for (String line : Files.readAllLines(accounts)) {
                    String[] fields = line.split(",");
                    if (fields.length == 3) {
                        known.computeIfAbsent(fields[0], u -> new ArrayList<>()).add(new DeviceLogin(fields[1], fields[2]));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + accounts, e);
            }
        }
        return known;
    }

    private DashboardLogin signUp(int devicesEach) {
        String username = "cmp-" + UUID.randomUUID().toString().substring(0, 8);
        RestCall registered = RestCall.post(dashboardUrl + "/api/auth/register", Optional.empty(),
                new JsonObject().put("username", username).put("email", username + "@example.com").put("password", PASSWORD));
        if (registered.status() == 429) {
            throw new IllegalStateException("sign-up refused (429, " + registered.body().getString("message", "") + "): doorlock allows "
                    + "10 sign-ups per address and hour by default. Start the run with DOORLOCK_AUTH_REGISTRATION_LIMITS_PER_ADDRESS=1000, "
                    + "or run again later (the accounts made so far are kept in " + accounts + ")");
        }
        if (registered.status() != 201) {
            throw new IllegalStateException("sign-up of " + username + " failed: " + registered.describe());
        }
        String token = signIn(username).orElseThrow(() -> new IllegalStateException("sign-in of the new user " + username + " failed"));
        List<DeviceLogin> devices = new ArrayList<>();
        for (int i = 0; i < devicesEach; i++) {
            RestCall device = RestCall.post(dashboardUrl + "/api/device/register", Optional.of(token), new JsonObject()
                    .put("name", "bench lock " + i).put("espId", "CMP-" + UUID.randomUUID().toString().substring(0, 12)).put("deviceType", "door-lock"));
            if (device.status() != 201) {
                throw new IllegalStateException("registration of a device of " + username + " failed: " + device.describe());
            }
            devices.add(new DeviceLogin(device.data().getString("id"), device.data().getString("deviceToken")));
            append(username, devices.get(i));
        }
        return new DashboardLogin(username, token, devices);
    }

    private Optional<String> signIn(String username) {
        RestCall login = RestCall.post(dashboardUrl + "/api/auth/login", Optional.empty(),
                new JsonObject().put("username", username).put("password", PASSWORD));
        return login.status() == 200 ? Optional.ofNullable(login.data().getString("token")) : Optional.empty();
    }

    private void append(String username, DeviceLogin device) {
        try {
            Files.createDirectories(accounts.toAbsolutePath().getParent());
            Files.writeString(accounts, username + "," + device.id() + "," + device.token() + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + accounts, e);
        }
    }

    /** Waits until device-gateway takes the device's token: its HTTP heartbeat answers 202 (no presence change follows). */
    private void awaitAccepted(DeviceLogin device) {
        Instant until = clock.instant().plus(ACCEPT_WAIT);
        while (RestCall.post(deviceUrl + "/api/device/" + device.id() + "/heartbeat", Optional.of(device.token()), new JsonObject()).status() != 202) {
            if (clock.instant().isAfter(until)) {
                throw new IllegalStateException("device-gateway at " + deviceUrl + " never accepted device " + device.id());
            }
            try {
                Thread.sleep(100); // polling a condition, not waiting for it to happen by itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
