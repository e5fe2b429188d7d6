package io.doorlock.systemtests;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.testing.TestWebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The owners' web console in a real browser (headless chromium), against the four services, the broker and the wire
 * server: what a person sees, and what a simulated device receives. Screenshots land in target/console-screenshots.
 */
class ConsoleBrowserSystemTest {

    private static final JsonCodec CODEC = new JsonCodec();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final LocatorAssertions.IsVisibleOptions VISIBLE = new LocatorAssertions.IsVisibleOptions().setTimeout(20_000);
    private static final LocatorAssertions.HasTextOptions TEXT_WAIT = new LocatorAssertions.HasTextOptions().setTimeout(20_000);
    private static final LocatorAssertions.HasAttributeOptions ATTRIBUTE_WAIT = new LocatorAssertions.HasAttributeOptions().setTimeout(20_000);

    static DoorlockSystem system;
    static ConsoleBrowser browser;

    @BeforeAll
    static void start() {
        system = DoorlockSystem.shared();
        browser = ConsoleBrowser.launch();
    }

    @AfterEach
    void closePages() {
        browser.closePages();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void signingInShowsTheConsoleLiveAndSigningOutRevokesTheToken() {
        String name = user("sam");
        system.signUp(name);
        Page page = browser.page();
        Response first = page.navigate(consoleUrl());
        // The page forbids inline script, and keeps the token out of localStorage.
        String csp = first.headers().get("content-security-policy");
        assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline");
        signIn(page, name);
        assertThat(page.locator("#account-name")).hasText(name);
        String token = (String) page.evaluate("() => JSON.parse(sessionStorage.getItem('doorlock.session')).token");
        assertThat(page.evaluate("() => localStorage.length")).isEqualTo(0);
        assertThat(system.http("GET", "/api/auth/me", token, null).status()).isEqualTo(200);

        // Add a device from the console: its token is shown once, and the device is listed.
        page.locator("#add-device summary").click();
        page.locator("#new-device-name").fill("Attic hatch");
        page.locator("#new-device-esp").fill("ESP-" + UUID.randomUUID().toString().substring(0, 10));
        page.locator("#add-device-form button[type=submit]").click();
        assertThat(page.locator("#add-device-token .token")).isVisible(VISIBLE);
        assertThat(page.locator("#device-list .device-name")).hasText("Attic hatch");

        page.locator("#sign-out").click();
        assertThat(page.locator("#sign-in-form")).isVisible();
        // Nothing of this user stays on the page for the next one in the same tab.
        assertThat(page.locator("#add-device-token .token")).hasCount(0);
        assertThat(page.locator("#device-list li")).hasCount(0);
        assertThat(page.locator("#connection")).hasAttribute("data-state", "stopped");
        assertThat(page.evaluate("() => sessionStorage.getItem('doorlock.session')")).isNull();
        assertThat(system.http("GET", "/api/auth/me", token, null).status()).as("the token was revoked").isEqualTo(401);

        page.locator("#username").fill(name);
        page.locator("#password").fill("not-the-password");
        page.locator("#sign-in-form button[type=submit]").click();
        assertThat(page.locator("#sign-in-error")).hasText("Wrong username or password.");
        String next = user("sue");
        system.signUp(next);
        signIn(page, next);
        assertThat(page.locator("#no-devices")).isVisible();
        assertThat(page.locator("#device-list li")).hasCount(0);
        assertThat(browser.consoleErrors()).as("no CSP violations or script errors; only the wrong password's 401")
                .singleElement().asString().contains("401");
    }

    @Test
    void aDeviceGoingOnlineAndOfflineIsSeenLiveWithItsBatteryAndLink() {
        String name = user("olga");
        String jwt = system.signUp(name);
        JsonNode device = register(jwt, "Garage door", "door-lock");
        Page page = signedIn(browser.page(), name);
        Locator card = deviceCard(page, device);
        assertThat(card.locator(".badge")).hasText("Offline");
        assertThat(card.locator("[data-command=unlock_door]")).isVisible();

        try (TestWebSocket lock = connectDevice(device)) {
            assertThat(card.locator(".badge")).hasText("Online", TEXT_WAIT);
            assertThat(card.locator(".links")).hasText("WebSocket");
            lock.send("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"" + device.path("id").asText() + "\",\"batteryLevel\":77}}");
            assertThat(card.locator(".battery")).hasText("77 %", TEXT_WAIT);
            ConsoleBrowser.screenshot(page, "device-online");
        }
        assertThat(card.locator(".badge")).hasText("Offline", TEXT_WAIT);
        assertThat(card.locator(".links")).hasText("—");
        assertThat(card.locator(".battery")).hasText("77 %"); // the last level heard stays
        ConsoleBrowser.screenshot(page, "device-offline");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aVisitorAppearsWithItsPhotoAndOpeningItUnlocksTheDoorLiveOnEveryScreen() throws Exception {
        Household home = household("Front door camera", "control");
        String owner = home.owner();
        String partner = home.other();
        JsonNode camera = home.camera();
        try (TestWebSocket cam = connectDevice(camera)) {
            Page ownerPage = signedIn(browser.page(), owner);
            // The partner is on a phone, in another browser.
            Page partnerPage = signedIn(browser.page(390, 844), partner);

            String visitorId = upload(camera);
            Locator card = visitorCard(ownerPage, visitorId);
            Locator partnerCard = visitorCard(partnerPage, visitorId);
            assertThat(card).isVisible(VISIBLE);
            assertThat(partnerCard).isVisible(VISIBLE);
            assertThat(card.locator(".countdown")).containsText("Expires in 4:");
            assertThat(card.locator("h3")).hasText("Visitor at Front door camera");
            ownerPage.waitForFunction("id => { const img = document.querySelector(`li[data-visitor-id='${id}'] img.photo`);"
                    + " return img && img.complete && img.naturalWidth === 320; }", visitorId);
            assertThat(partnerCard.locator("[data-action=open]")).isVisible();
            assertThat(partnerPage.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("nothing overflows a phone's width").isEqualTo(true);
            ConsoleBrowser.screenshot(ownerPage, "visitor-pending");
            ConsoleBrowser.screenshot(partnerPage, "visitor-pending-phone");

            // Open, from the keyboard.
            card.locator("[data-action=open]").focus();
            ownerPage.keyboard().press("Enter");
            JsonNode unlock = json(cam.await(f -> f.contains("\"unlock_door\""), WAIT));
            String commandId = unlock.at("/data/commandId").asText();
            assertThat(card.locator(".command-progress")).hasAttribute("data-status", "sent", ATTRIBUTE_WAIT);
            cam.send(ack(commandId, "received"));
            cam.send(ack(commandId, "executed"));
            assertThat(card.locator(".command-progress")).hasAttribute("data-status", "executed", ATTRIBUTE_WAIT);
            assertThat(card.locator(".command-progress .progress-text")).hasText("Unlock: executed");
            assertThat(card.locator("[data-action]")).hasCount(0);
            assertThat(card.locator(".decision")).hasText("Opened by you.");

            // Decided elsewhere: the partner's buttons went away, and the unlock is followed there too.
            assertThat(partnerCard.locator(".decision")).hasText("Opened by another user.", TEXT_WAIT);
            assertThat(partnerCard.locator("[data-action]")).hasCount(0);
            assertThat(partnerCard.locator(".command-progress")).hasAttribute("data-status", "executed", ATTRIBUTE_WAIT);
            ConsoleBrowser.screenshot(ownerPage, "visitor-opened");
            ConsoleBrowser.screenshot(partnerPage, "visitor-opened-phone");
            assertThat(cam.drain()).as("one unlock only").noneMatch(f -> f.contains("\"unlock_door\"") && !f.contains(commandId));
        }
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aViewerSeesNoControlsAndIsRefusedWhenForgingTheRequest() throws Exception {
        Household home = household("Porch camera", "view");
        String ownerJwt = home.ownerJwt();
        String viewer = home.other();
        JsonNode camera = home.camera();
        String deviceId = camera.path("id").asText();
        try (TestWebSocket cam = connectDevice(camera)) {
            Page page = signedIn(browser.page(), viewer);
            Locator card = deviceCard(page, camera);
            assertThat(card.locator(".access")).hasText("Shared: view only");
            assertThat(card.locator(".badge")).hasText("Online", TEXT_WAIT);
            assertThat(card.locator("[data-command]")).hasCount(0);
            assertThat(card.locator("details.manage")).hasCount(0);
            String visitorId = upload(camera);
            Locator visitor = visitorCard(page, visitorId);
            assertThat(visitor).isVisible(VISIBLE);
            assertThat(visitor.locator("[data-action]")).hasCount(0);
            ConsoleBrowser.screenshot(page, "viewer");

            // The same requests the hidden buttons would make, forged with the viewer's own token.
            Object rest = page.evaluate("async id => { const t = JSON.parse(sessionStorage.getItem('doorlock.session')).token;"
                    + " const r = await fetch(`/api/device/${id}/command`, {method: 'POST', headers: {Authorization: `Bearer ${t}`,"
                    + " 'Content-Type': 'application/json'}, body: JSON.stringify({command: 'unlock_door', payload: {duration: 5000}})});"
                    + " return r.status; }", deviceId);
            assertThat(rest).isEqualTo(403);
            Object open = page.evaluate("async v => { const t = JSON.parse(sessionStorage.getItem('doorlock.session')).token;"
                    + " const r = await fetch('/api/command/open', {method: 'POST', headers: {Authorization: `Bearer ${t}`,"
                    + " 'Content-Type': 'application/json'}, body: JSON.stringify({visitorLogId: v})}); return r.status; }", visitorId);
            assertThat(open).isEqualTo(403);
            Object socket = page.evaluate("id => new Promise(resolve => { const t = JSON.parse(sessionStorage.getItem('doorlock.session')).token;"
                    + " const ws = new WebSocket(`ws://${location.host}/ws/dashboard`);"
                    + " ws.onopen = () => ws.send(JSON.stringify({event: 'authenticate', data: {token: t}}));"
                    + " ws.onmessage = m => { const f = JSON.parse(m.data);"
                    + "   if (f.event === 'authenticated') ws.send(JSON.stringify({event: 'send_command', id: 'forged',"
                    + "     data: {deviceId: id, command: 'unlock_door', payload: {duration: 5000}}}));"
                    + "   if (f.id === 'forged') { ws.close(); resolve(f.event + ':' + (f.data.code || '')); } }; })", deviceId);
            assertThat(socket).isEqualTo("error:FORBIDDEN");
            // The marker: the owner's own lock_door, sent after the forged requests, reaches the door on the same path.
            String marker = system.http("POST", "/api/device/" + deviceId + "/command", ownerJwt,
                    "{\"command\":\"lock_door\"}").body().at("/data/commandId").asText();
            assertThat(marker).isNotEmpty();
            cam.await(f -> f.contains(marker), WAIT);
            assertThat(cam.drain()).as("the door heard nothing but the owner's lock").noneMatch(f -> f.contains("unlock_door"));
            assertThat(system.http("GET", "/api/door/logs/" + visitorId, ownerJwt, null).body().at("/data/status").asText())
                    .as("the visitor is still waiting for someone who may answer").isEqualTo("pending");
        }
        assertThat(browser.consoleErrors()).as("only the two forged requests' 403s").hasSize(2).allMatch(e -> e.contains("403"));
    }

    @Test
    void anAdminGuestIsShownAsSuchAndNeverGetsTheOwnersSharingPanel() {
        Household home = household("Garage camera", "admin");
        Page owners = signedIn(browser.page(), home.owner());
        Locator ownersCard = deviceCard(owners, home.camera());
        assertThat(ownersCard.locator(".access")).hasText("Owner");
        ownersCard.locator("details.manage summary").click();
        assertThat(ownersCard.locator(".shares li")).hasText(java.util.regex.Pattern.compile(home.other() + ": view, control and device settings"));

        Page guests = signedIn(browser.page(), home.other());
        Locator card = deviceCard(guests, home.camera());
        assertThat(card.locator(".access")).hasText("Shared: admin");
        assertThat(card.locator("[data-command]")).hasCount(3);
        assertThat(card.locator("details.manage")).hasCount(0);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aDeviceNameWithMarkupIsShownAsTextAndTheConsoleWorksFromTheKeyboard() {
        String name = user("kim");
        String jwt = system.signUp(name);
        String evil = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"> & \"Kitchen\"";
        JsonNode device = register(jwt, evil, "door-lock");
        Page page = browser.page();
        page.navigate(consoleUrl());
        // Keyboard only: the username field, Tab to the password, Enter to sign in.
        page.locator("#username").focus();
        page.keyboard().type(name);
        page.keyboard().press("Tab");
        page.keyboard().type("a-long-password-1");
        page.keyboard().press("Enter");
        assertThat(page.locator("#connection")).hasAttribute("data-state", "live", ATTRIBUTE_WAIT);
        Locator card = deviceCard(page, device);
        assertThat(card.locator(".device-name")).hasText(evil);
        assertThat(card.locator(".device-name *")).hasCount(0);
        assertThat(page.locator("#activity-device option[value='" + device.path("id").asText() + "']")).hasText(evil);
        assertThat(page.evaluate("() => window.__pwned === undefined")).isEqualTo(true);
        assertThat(card.locator("[data-command=unlock_door]")).hasAttribute("aria-label", "Unlock " + evil);
        // Every control is labelled.
        Object unlabelled = page.evaluate("() => [...document.querySelectorAll('input, select')]"
                + ".filter(e => !e.labels || e.labels.length === 0).map(e => e.id)");
        assertThat((java.util.List<?>) unlabelled).isEmpty();
        ConsoleBrowser.screenshot(page, "markup-as-text");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void afterTheServerRestartsTheConsoleReconnectsByItselfAndIsLiveAgain() {
        String name = user("ray");
        String jwt = system.signUp(name);
        JsonNode device = register(jwt, "Back door", "door-lock");
        Page page = signedIn(browser.page(), name);
        system.dashboardGateway.restart();
        assertThat(page.locator("#connection")).hasAttribute("data-state", "reconnecting", ATTRIBUTE_WAIT);
        assertThat(page.locator("#connection")).hasText("Connection lost; reconnecting…");
        ConsoleBrowser.screenshot(page, "reconnecting");
        system.dashboardGateway.awaitReady(Duration.ofSeconds(90));
        assertThat(page.locator("#connection")).hasAttribute("data-state", "live", new LocatorAssertions.HasAttributeOptions().setTimeout(45_000));
        try (TestWebSocket lock = connectDevice(device)) {
            assertThat(deviceCard(page, device).locator(".badge")).hasText("Online", TEXT_WAIT);
        }
    }

    @Test
    void theOwnerSharesRevokesRotatesTheTokenAndReadsTheTrail() {
        String owner = user("oto");
        String ownerJwt = system.signUp(owner);
        String friend = user("fay");
        String friendJwt = system.signUp(friend);
        JsonNode lock = register(ownerJwt, "Shed", "door-lock");
        String deviceId = lock.path("id").asText();
        Page page = signedIn(browser.page(), owner);
        Locator card = deviceCard(page, lock);
        card.locator("details.manage summary").click();

        // Share by username, with control.
        card.locator("input[name=username]").fill(friend);
        card.locator("select[name=permission]").selectOption("control");
        card.locator(".share-form button[type=submit]").click();
        assertThat(card.locator(".shares li")).hasText(java.util.regex.Pattern.compile(friend + ": view and control"));
        assertThat(system.http("GET", "/api/device/" + deviceId, friendJwt, null).body().at("/data/userPermissions/1").asText()).isEqualTo("control");
        // An unknown user is named as such.
        card.locator("input[name=username]").fill("nobody-" + UUID.randomUUID().toString().substring(0, 6));
        card.locator(".share-form button[type=submit]").click();
        assertThat(card.locator(".manage .error").first()).containsText("There is no user called");
        // Revoke.
        card.locator(".shares button").click();
        assertThat(card.locator(".shares li")).hasCount(0);
        assertThat(system.http("GET", "/api/device/" + deviceId, friendJwt, null).status()).isEqualTo(403);

        // Rotate: the old token's connection is closed, the one shown connects.
        try (TestWebSocket before = connectDevice(lock)) {
            card.locator(".rotate button").click();
            card.locator(".rotate button.danger").click();
            Locator token = card.locator(".secret .token");
            assertThat(token).isVisible(VISIBLE);
            String rotated = token.textContent();
            assertThat(rotated).isNotEqualTo(lock.path("deviceToken").asText()).hasSizeGreaterThan(20);
            card.locator(".secret button").click();
            assertThat(card.locator(".secret [role=status]")).hasText("Copied.");
            assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(rotated);
            assertThat(before.awaitClose(WAIT).code()).isEqualTo(4403);
            ConsoleBrowser.screenshot(page, "owner-panel");
            JsonNode withNewToken = lock.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) withNewToken).put("deviceToken", rotated);
            try (TestWebSocket after = connectDevice(withNewToken)) {
                assertThat(card.locator(".badge")).hasText("Online", TEXT_WAIT);
            }
        }

        // The trail of this device, filtered to one event type.
        card.locator("button", new Locator.LocatorOptions().setHasText("Activity")).click();
        assertThat(page.locator("#activity-device")).hasValue(deviceId);
        page.locator("#activity-type").selectOption("device_connected");
        Locator rows = page.locator("#activity-table tbody tr[data-event-type]");
        assertThat(rows).hasCount(2, new LocatorAssertions.HasCountOptions().setTimeout(20_000));
        assertThat(page.locator("#activity-table tbody tr[data-event-type=device_connected]")).hasCount(2);
        assertThat(page.locator("#activity-page")).hasText("Page 1 of 1 (2 events)");
        assertThat(browser.consoleErrors()).as("only the unknown user's 404").singleElement().asString().contains("404");
    }

    /** An owner with a camera, shared with a second user with {@code permission}; both signed up. */
    record Household(String owner, String ownerJwt, String other, JsonNode camera) {}

    static Household household(String cameraName, String permission) {
        String owner = user("owner");
        String ownerJwt = system.signUp(owner);
        String other = user(permission);
        system.signUp(other);
        JsonNode camera = register(ownerJwt, cameraName, "esp32-cam");
        share(ownerJwt, camera, other, permission);
        return new Household(owner, ownerJwt, other, camera);
    }

    @Test
    void anAccessibilityAuditFindsNoWcagViolationsOnTheSignInPageOrTheConsoleAtEitherWidth() throws Exception {
        Household home = household("Side door camera", "control");
        try (TestWebSocket cam = connectDevice(home.camera())) {
            Page page = browser.auditPage();
            page.navigate(consoleUrl());
            java.util.List<String> signInPage = ConsoleBrowser.accessibilityViolations(page);
            signIn(page, home.owner());
            String visitorId = upload(home.camera());
            assertThat(visitorCard(page, visitorId)).isVisible(VISIBLE);
            deviceCard(page, home.camera()).locator("details.manage summary").click();
            page.locator("#add-device summary").click();
            assertThat(page.locator("#activity-table tbody tr").first()).isVisible();
            java.util.List<String> console = ConsoleBrowser.accessibilityViolations(page);
            page.setViewportSize(390, 844);
            java.util.List<String> phone = ConsoleBrowser.accessibilityViolations(page);
            assertThat(signInPage).as("sign-in page").isEmpty();
            assertThat(console).as("console").isEmpty();
            assertThat(phone).as("console at a phone's width").isEmpty();
        }
    }

    static Locator visitorCard(Page page, String visitorId) {
        return page.locator("#visitor-list li[data-visitor-id='" + visitorId + "']");
    }

    static void share(String ownerJwt, JsonNode device, String username, String permission) {
        Http.Answer shared = system.http("POST", "/api/device/" + device.path("id").asText() + "/share", ownerJwt,
                "{\"username\":\"" + username + "\",\"permissions\":[\"" + permission + "\"]}");
        assertThat(shared.status()).as(shared.body().toString()).isEqualTo(200);
    }

    /** The camera's photo upload (POST /api/door/upload with its token); answers the visitor id. */
    static String upload(JsonNode camera) throws Exception {
        String boundary = "doorlock-" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"deviceId\"\r\n\r\n" + camera.path("id").asText() + "\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"visitor.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.write(VisitorPhoto.png());
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.net.http.HttpResponse<String> uploaded = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(system.deviceGatewayUrl() + "/api/door/upload"))
                        .header("Authorization", "Bearer " + camera.path("deviceToken").asText())
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        return json(uploaded.body()).at("/data/visitorLogId").asText();
    }

    static String ack(String commandId, String status) {
        return "{\"event\":\"command_ack\",\"data\":{\"commandId\":\"" + commandId + "\",\"status\":\"" + status + "\"}}";
    }

    static JsonNode json(String text) {
        try {
            return CODEC.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String consoleUrl() {
        return "http://127.0.0.1:" + system.dashboardGateway.port() + "/";
    }

    static String user(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** {@code page} at the console, signed in as {@code username}. */
    static Page signedIn(Page page, String username) {
        page.navigate(consoleUrl());
        signIn(page, username);
        return page;
    }

    static void signIn(Page page, String username) {
        page.locator("#username").fill(username);
        page.locator("#password").fill("a-long-password-1");
        page.locator("#sign-in-form button[type=submit]").click();
        assertThat(page.locator("#console")).isVisible(VISIBLE);
        assertThat(page.locator("#connection")).hasAttribute("data-state", "live",
                ATTRIBUTE_WAIT);
    }

    static Locator deviceCard(Page page, JsonNode device) {
        return page.locator("#device-list li[data-device-id='" + device.path("id").asText() + "']");
    }

    /** Registers a device over REST with a name sent exactly as given (JSON-encoded); answers its view and token. */
    static JsonNode register(String jwt, String name, String type) {
        String body = CODEC.mapper().createObjectNode().put("name", name).put("espId", "ESP-" + UUID.randomUUID().toString().substring(0, 12))
                .put("deviceType", type).toString();
        Http.Answer registered = system.http("POST", "/api/device/register", jwt, body);
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        return registered.body().path("data");
    }

    /** The device's own WebSocket, authenticated with its token, as an ESP32 would connect. */
    static TestWebSocket connectDevice(JsonNode device) {
        TestWebSocket socket = TestWebSocket.connect(system.deviceSocketUrl() + "?deviceId=" + device.path("id").asText(),
                Map.of("Authorization", "Bearer " + device.path("deviceToken").asText()));
        socket.awaitEvent("authenticated", WAIT);
        return socket;
    }
}
