package io.doorlock.bench.compare;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The seed backend's users and devices (Kenox00/door-lock, {@code doorlock-backend}), through its REST routes:
 * sign up ({@code POST /api/auth/register}) and sign in ({@code POST /api/auth/login}, token in {@code data.token}),
 * or sign in once with given credentials and use that account for every dashboard; then register each device
 * ({@code POST /api/device/register}) and activate it ({@code POST /api/device/activate {deviceId, token, type}}),
 * since the seed's Socket.IO server refuses devices that are not activated. Not tried here: no seed backend runs on
 * this machine (docs/performance.md).
 */
final class SeedRegistration implements Registration {

    private static final String PASSWORD = "bench-compare-password-1";

    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;

    SeedRegistration(String url, Optional<String> user, Optional<String> password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public List<DashboardLogin> prepare(int dashboards, int devicesEach) {
        Optional<String> shared = user.map(u -> signIn(u, password.orElse("")));
        List<DashboardLogin> logins = new ArrayList<>();
        for (int d = 0; d < dashboards; d++) {
            String username = user.orElse("cmp-" + UUID.randomUUID().toString().substring(0, 8));
            String token = shared.orElseGet(() -> signUp(username));
            List<DeviceLogin> devices = new ArrayList<>();
            for (int i = 0; i < devicesEach; i++) {
                devices.add(device(token, username + "-" + d + "-" + i));
            }
            logins.add(new DashboardLogin(username, token, devices));
        }
        System.out.printf("seed: %d dashboards with %d devices each registered at %s%n", dashboards, devicesEach, url);
        return logins;
    }

    private String signUp(String username) {
        RestCall registered = RestCall.post(url + "/api/auth/register", Optional.empty(),
                new JsonObject().put("username", username).put("email", username + "@example.com").put("password", PASSWORD));
        if (registered.status() / 100 != 2) {
            throw new IllegalStateException("seed sign-up of " + username + " failed: " + registered.describe()
                    + " (give an existing account with --user and --password)");
        }
        return signIn(username, PASSWORD);
    }

    private String signIn(String username, String secret) {
        RestCall login = RestCall.post(url + "/api/auth/login", Optional.empty(), new JsonObject()
                .put("username", username).put("email", username.contains("@") ? username : username + "@example.com").put("password", secret));
        String token = login.data().getString("token");
        if (login.status() != 200 || token == null) {
            throw new IllegalStateException("seed sign-in of " + username + " failed: " + login.describe());
        }
        return token;
    }

    private DeviceLogin device(String token, String name) {
        String espId = "CMP" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        RestCall registered = RestCall.post(url + "/api/device/register", Optional.of(token),
                new JsonObject().put("name", name).put("espId", espId).put("deviceType", "door-lock"));
        JsonObject data = registered.data().containsKey("device") ? registered.data().getJsonObject("device") : registered.data();
        String id = Optional.ofNullable(data.getString("id")).orElse(data.getString("_id"));
        String deviceToken = Optional.ofNullable(data.getString("deviceToken")).orElse(registered.data().getString("deviceToken"));
        if (registered.status() / 100 != 2 || id == null || deviceToken == null) {
            throw new IllegalStateException("seed device registration failed: " + registered.describe());
        }
        RestCall activated = RestCall.post(url + "/api/device/activate", Optional.of(token),
                new JsonObject().put("deviceId", id).put("token", deviceToken).put("type", "door-lock"));
        if (activated.status() / 100 != 2) {
            throw new IllegalStateException("seed device activation of " + id + " failed: " + activated.describe());
        }
        return new DeviceLogin(id, deviceToken);
    }
}
