package io.doorlock.dashboardgateway.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.doorlock.testing.DoorlockInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class DeviceResourceTest {

    @Inject
    DeviceRepository devices;

    record User(String id, String name, String token) {}

    User owner;
    User viewer;
    User controller;
    User adminGuest;
    User stranger;
    String deviceId;
    String deviceToken;

    static User user(String prefix) {
        io.doorlock.dashboardgateway.user.TestUsers.SignedUp u = io.doorlock.dashboardgateway.user.TestUsers.signUp(prefix);
        return new User(u.id(), u.name(), u.token());
    }

    @BeforeEach
    void setUp() {
        owner = user("owner");
        viewer = user("viewer");
        controller = user("ctrl");
        adminGuest = user("admguest");
        stranger = user("stranger");
        String espId = "ESP32-" + UUID.randomUUID().toString().substring(0, 8);
        var registered = given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "Front Door", "espId", espId, "deviceType", "door-lock"))
                .post("/api/device/register").then().statusCode(201)
                .body("data.deviceToken", notNullValue())
                .body("data.userPermissions", contains("view", "control", "admin"))
                .body("data.userId", equalTo(owner.id())).body("data.sharedWith", hasSize(0))
                .extract();
        deviceId = registered.path("data.id");
        deviceToken = registered.path("data.deviceToken");
        share(owner, viewer.name(), "view").statusCode(200);
        share(owner, controller.name(), "control").statusCode(200);
        share(owner, adminGuest.name(), "admin").statusCode(200);
    }

    ValidatableResponse share(User as, String username, String permission) {
        return given().auth().oauth2(as.token()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "permissions", List.of(permission)))
                .post("/api/device/" + deviceId + "/share").then();
    }

    @Test
    void theTokenIsReturnedOnceAndStoredOnlyAsAHash() {
        assertThat(deviceToken).hasSize(64);
        DeviceDocument stored = devices.findById(deviceId);
        assertThat(stored.tokenSha256).isEqualTo(io.doorlock.common.device.DeviceTokenHash.of(deviceToken)).isNotEqualTo(deviceToken);
        given().auth().oauth2(owner.token()).get("/api/device/" + deviceId).then().statusCode(200)
                .body("data.deviceToken", nullValue()).body("data.tokenSha256", nullValue()).body("data._id", equalTo(deviceId));
        given().auth().oauth2(owner.token()).get("/api/device").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].deviceToken", nullValue());
    }

    @Test
    void aSecondRegistrationWithTheSameEspIdGets409() {
        String espId = devices.findById(deviceId).espId;
        given().auth().oauth2(stranger.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "Evil twin", "espId", espId.toLowerCase(), "deviceType", "door-lock"))
                .post("/api/device/register").then().statusCode(409);
        given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "espId", "ESP-1", "deviceType", "toaster"))
                .post("/api/device/register").then().statusCode(400).body("errors[0].field", equalTo("deviceType"));
    }

    @Test
    void readingFollowsThePermissionTable() {
        given().auth().oauth2(stranger.token()).get("/api/device/" + deviceId).then().statusCode(403).body("message", equalTo("no access to device"));
        given().auth().oauth2(viewer.token()).get("/api/device/" + deviceId).then().statusCode(200)
                .body("data.userPermissions", contains("view")).body("data.sharedWith", nullValue());
        given().auth().oauth2(controller.token()).get("/api/device/" + deviceId).then().statusCode(200)
                .body("data.userPermissions", contains("view", "control"));
        // An admin share changes the device (settings, restart, firmware) but does not see whom the owner shares with.
        given().auth().oauth2(adminGuest.token()).get("/api/device/" + deviceId).then().statusCode(200)
                .body("data.userPermissions", contains("view", "control", "admin")).body("data.sharedWith", nullValue());
        given().auth().oauth2(owner.token()).get("/api/device/" + deviceId).then().statusCode(200)
                .body("data.userPermissions", contains("view", "control", "admin")).body("data.sharedWith", hasSize(3))
                .body("data.sharedWith.find { it.userId == '" + adminGuest.id() + "' }.permissions", contains("view", "control", "admin"))
                // The owner sees whom, by name, as the console lists them.
                .body("data.sharedWith.find { it.userId == '" + viewer.id() + "' }.username", equalTo(viewer.name()))
                .body("data.sharedWith.find { it.userId == '" + viewer.id() + "' }.permissions", contains("view"));
    }

    @Test
    void theSeedsMultiTenancyScenarioAndUnknownIdsLookAlike() {
        String forbidden = given().auth().oauth2(stranger.token()).get("/api/device/" + deviceId).then().statusCode(403).extract().asString();
        String missing = given().auth().oauth2(stranger.token()).get("/api/device/" + "0123456789abcdef01234567").then().statusCode(403).extract().asString();
        assertThat(strip(forbidden)).isEqualTo(strip(missing));
        given().auth().oauth2(stranger.token()).get("/api/device").then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void onlyControlMayUpdate() {
        for (User denied : List.of(stranger, viewer)) {
            given().auth().oauth2(denied.token()).contentType(ContentType.JSON).body(Map.of("name", "Hacked"))
                    .put("/api/device/" + deviceId).then().statusCode(403);
        }
        assertThat(devices.findById(deviceId).name).isEqualTo("Front Door");
        given().auth().oauth2(controller.token()).contentType(ContentType.JSON).body(Map.of("name", "Back Door"))
                .put("/api/device/" + deviceId).then().statusCode(200).body("data.name", equalTo("Back Door"));
        given().auth().oauth2(owner.token()).contentType(ContentType.JSON).body(Map.of("name", "Side Door"))
                .put("/api/device/" + deviceId).then().statusCode(200);
        assertThat(devices.findById(deviceId).name).isEqualTo("Side Door");
    }

    @Test
    void onlyTheOwnerMayShareUnshareRotateOrDelete() {
        DeviceDocument before = devices.findById(deviceId);
        for (User denied : List.of(stranger, viewer, controller, adminGuest)) {
            share(denied, stranger.name(), "control").statusCode(403);
            given().auth().oauth2(denied.token()).delete("/api/device/" + deviceId + "/share/" + viewer.id()).then().statusCode(403);
            given().auth().oauth2(denied.token()).post("/api/device/" + deviceId + "/token/rotate").then().statusCode(403);
            given().auth().oauth2(denied.token()).delete("/api/device/" + deviceId).then().statusCode(403);
            // Nor may a guest clear the device's trail, which outlives any share.
            given().auth().oauth2(denied.token()).delete("/api/logs?deviceId=" + deviceId).then().statusCode(403);
        }
        share(adminGuest, adminGuest.name(), "admin").statusCode(403).body("message", equalTo("only the owner may do this"));
        DeviceDocument after = devices.findById(deviceId);
        assertThat(after.tokenSha256).isEqualTo(before.tokenSha256);
        assertThat(after.sharedWith).extracting(s -> s.userId).containsExactlyInAnyOrder(viewer.id(), controller.id(), adminGuest.id());

        String rotated = given().auth().oauth2(owner.token()).post("/api/device/" + deviceId + "/token/rotate").then().statusCode(200)
                .extract().path("data.deviceToken");
        assertThat(rotated).isNotEqualTo(deviceToken);
        assertThat(devices.findById(deviceId).tokenSha256).isEqualTo(io.doorlock.common.device.DeviceTokenHash.of(rotated));

        given().auth().oauth2(owner.token()).delete("/api/device/" + deviceId + "/share/" + viewer.id()).then().statusCode(200);
        given().auth().oauth2(viewer.token()).get("/api/device/" + deviceId).then().statusCode(403);

        given().auth().oauth2(owner.token()).delete("/api/device/" + deviceId).then().statusCode(200);
        assertThat(devices.findByIdOptional(deviceId)).isEmpty();
        given().auth().oauth2(controller.token()).get("/api/device/" + deviceId).then().statusCode(403);
    }

    @Test
    void sharingNeedsAnExistingUserAndValidPermissions() {
        share(owner, "no-such-user-" + UUID.randomUUID(), "view").statusCode(404);
        share(owner, stranger.name(), "owner").statusCode(400);
        share(owner, owner.name(), "view").statusCode(400);
        share(owner, viewer.name(), "control").statusCode(200);
        given().auth().oauth2(viewer.token()).get("/api/device/" + deviceId).then().body("data.userPermissions", contains("view", "control"));
        share(owner, controller.name(), "view").statusCode(200);
        given().auth().oauth2(controller.token()).get("/api/device/" + deviceId).then().body("data.userPermissions", contains("view"));
        assertThat(devices.findById(deviceId).sharedWith).hasSize(3);
    }

    @Test
    void statsCountOwnedAndShared() {
        given().auth().oauth2(owner.token()).get("/api/device/stats").then().statusCode(200)
                .body("data.total", equalTo(1)).body("data.owned", equalTo(1)).body("data.shared", equalTo(0))
                .body("data.online", equalTo(0)).body("data.offline", equalTo(1));
        given().auth().oauth2(viewer.token()).get("/api/device/stats").then()
                .body("data.total", equalTo(1)).body("data.owned", equalTo(0)).body("data.shared", equalTo(1));
        given().auth().oauth2(stranger.token()).get("/api/device/stats").then().body("data.total", equalTo(0));
    }

    @Test
    void everyRouteNeedsAToken() {
        given().get("/api/device").then().statusCode(401).body("success", equalTo(false));
        given().get("/api/device/" + deviceId).then().statusCode(401);
        given().post("/api/device/" + deviceId + "/token/rotate").then().statusCode(401);
    }

    private static String strip(String json) {
        return json.replaceAll("\"timestamp\":\"[^\"]+\"", "");
    }
}
