package io.doorlock.systemtests;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A person's account and door locks, made through dashboard-gateway's public REST API as that person would make
 * them: sign up ({@code POST /api/auth/register}), sign in ({@code POST /api/auth/login}), register each lock
 * ({@code POST /api/device/register}: its answer holds the device token, once) and share it
 * ({@code POST /api/device/:id/share}). A lock is handed to a test only once device-gateway accepts its token, that
 * is once the registry record has reached it.
 */
final class UserAccount {

    /**
     * A registered lock.
     *
     * @param id the id the registry gave it
     * @param token the device token its registration answered
     */
    record Device(String id, String token) {}

    static final String PASSWORD = "a-long-password-1";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String dashboardUrl;
    private final String username;
    private final String userId;
    private final String token;

    private UserAccount(String dashboardUrl, String username, String userId, String token) {
        this.dashboardUrl = dashboardUrl;
        this.username = username;
        this.userId = userId;
        this.token = token;
    }

    /** Signs {@code username} up at dashboard-gateway ({@code dashboardUrl}) and signs in. */
    static UserAccount signUp(String dashboardUrl, String username) {
        Http.Answer registered = Http.call("POST", dashboardUrl + "/api/auth/register", null,
                "{\"username\":\"" + username + "\",\"email\":\"" + username + "@example.com\",\"password\":\"" + PASSWORD + "\"}");
        if (registered.status() != 201) {
            throw new IllegalStateException("sign-up of " + username + " failed: " + registered.status() + " " + registered.body());
        }
        return new UserAccount(dashboardUrl, username, registered.body().at("/data/id").asText(), signIn(dashboardUrl, username));
    }

    String username() {
        return username;
    }

    /** The user id the platform gave this person (the {@code userId} of their requests and of their devices' events). */
    String userId() {
        return userId;
    }

    /** The access token of the sign-in at sign-up (valid an hour). */
    String token() {
        return token;
    }

    /** Signs in again and answers a fresh access token (valid an hour). */
    String accessToken() {
        return signIn(dashboardUrl, username);
    }

    /**
     * Registers a door lock named {@code name} (with {@link #token()}) and answers it once every
     * device-gateway of {@code deviceGatewayUrls} accepts its token.
     */
    Device register(String name, List<String> deviceGatewayUrls) {
        String espId = "ESP-" + UUID.randomUUID().toString().substring(0, 12);
        Http.Answer registered = Http.call("POST", dashboardUrl + "/api/device/register", token,
                "{\"name\":\"" + name + "\",\"espId\":\"" + espId + "\",\"deviceType\":\"door-lock\"}");
        if (registered.status() != 201) {
            throw new IllegalStateException("registration of " + name + " failed: " + registered.status() + " " + registered.body());
        }
        Device device = new Device(registered.body().at("/data/id").asText(), registered.body().at("/data/deviceToken").asText());
        deviceGatewayUrls.forEach(url -> awaitAccepted(device, url));
        return device;
    }

    /** Shares {@code device} with {@code other} at {@code permission} ({@code view}, {@code control} or {@code admin}). */
    void share(Device device, UserAccount other, String permission) {
        Http.Answer shared = Http.call("POST", dashboardUrl + "/api/device/" + device.id() + "/share", token,
                "{\"username\":\"" + other.username + "\",\"permissions\":[\"" + permission + "\"]}");
        if (shared.status() != 200) {
            throw new IllegalStateException("sharing " + device.id() + " failed: " + shared.status() + " " + shared.body());
        }
    }

    /**
     * Waits until the device-gateway at {@code deviceGatewayUrl} knows the device's token: its HTTP heartbeat
     * ({@code POST /api/device/:id/heartbeat}) answers 202 instead of 401. A heartbeat neither opens a link nor makes
     * the device online, so no presence change follows.
     */
    static void awaitAccepted(Device device, String deviceGatewayUrl) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .alias(device.id() + " accepted by " + deviceGatewayUrl)
                .until(() -> Http.call("POST", deviceGatewayUrl + "/api/device/" + device.id() + "/heartbeat", device.token(), "{}").status() == 202);
    }

    private static String signIn(String dashboardUrl, String username) {
        Http.Answer login = Http.call("POST", dashboardUrl + "/api/auth/login", null,
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}");
        if (login.status() != 200) {
            throw new IllegalStateException("sign-in of " + username + " failed: " + login.status() + " " + login.body());
        }
        return login.body().at("/data/token").asText();
    }
}
