package io.doorlock.dashboardgateway.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.doorlock.dashboardgateway.user.TestUsers;
import io.doorlock.testing.DoorlockInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's health routes on dashboard-gateway alone: device-gateway and audit-service are not running here (their
 * URLs point at closed ports), so the detailed report must say degraded and answer 503, and the routes that need them
 * answer 503 too. The healthy answers with real data are in the system tests.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class HealthRoutesTest {

    static String admin() {
        return given().contentType(ContentType.JSON).body(Map.of("username", "root", "password", "root-password-for-tests"))
                .post("/api/auth/login").then().statusCode(200).extract().path("data.token");
    }

    @Test
    void basicHealthIsPublicWithTheSeedsShape() {
        JsonPath basic = given().get("/api/health").then().statusCode(200).body("success", equalTo(true)).extract().jsonPath();
        assertThat(basic.getString("data.status")).isEqualTo("healthy");
        assertThat(basic.getString("data.timestamp")).isNotBlank();
        assertThat(basic.getLong("data.uptime")).isGreaterThanOrEqualTo(0);
        assertThat(basic.getString("data.environment")).isEqualTo("test");
    }

    @Test
    void detailedHealthSaysDegradedWith503WhenTheServicesItReadsAreDown() {
        JsonPath detailed = given().auth().oauth2(admin()).get("/api/health/detailed").then().statusCode(503).extract().jsonPath();
        assertThat(detailed.getBoolean("success")).isFalse();
        assertThat(detailed.getString("data.overall")).isEqualTo("degraded");
        assertThat(detailed.getString("data.services.mongodb.status")).isEqualTo("ok");
        assertThat(detailed.getString("data.services.mongodb.state")).isEqualTo("connected");
        assertThat(detailed.getString("data.services.mqtt.status")).isEqualTo("ok");
        assertThat(detailed.getBoolean("data.services.mqtt.connected")).isTrue();
        assertThat(detailed.getInt("data.services.socketio.clientsCount")).isGreaterThanOrEqualTo(0);
        assertThat(detailed.getString("data.services.deviceGateway.status")).isEqualTo("error");
        assertThat(detailed.getString("data.services.auditService.status")).isEqualTo("error");
        assertThat(detailed.getMap("data.devices")).containsKeys("total", "online", "offline", "onlinePercentage");
        assertThat(detailed.getMap("data.connections")).containsKeys("totalConnected", "websocketConnections", "mqttConnections", "dualConnections");
        assertThat(detailed.getLong("data.memory.rss")).isPositive();
        assertThat(detailed.getLong("data.memory.heapTotal")).isPositive();

        given().auth().oauth2(admin()).get("/api/health/devices").then().statusCode(503);
        given().auth().oauth2(admin()).get("/api/health/metrics").then().statusCode(503).body("success", equalTo(false));
    }

    @Test
    void onlyAdminsReadTheDetailedRoutes() {
        TestUsers.SignedUp user = TestUsers.signUp("health");
        for (String path : new String[] {"/api/health/detailed", "/api/health/devices", "/api/health/metrics"}) {
            given().get(path).then().statusCode(401);
            given().auth().oauth2(user.token()).get(path).then().statusCode(403).body("message", equalTo("admin only"));
        }
    }

    @Test
    void theAuditTrailOfAnotherTenantsDeviceIsRefusedBeforeAnythingIsAsked() {
        TestUsers.SignedUp owner = TestUsers.signUp("owner");
        TestUsers.SignedUp stranger = TestUsers.signUp("stranger");
        String deviceId = given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "Porch", "espId", "ESP-" + owner.id().substring(0, 8), "deviceType", "door-lock"))
                .post("/api/device/register").then().statusCode(201).extract().path("data.id");
        given().auth().oauth2(stranger.token()).get("/api/audit/devices/" + deviceId + "/events").then().statusCode(403);
        given().auth().oauth2(stranger.token()).get("/api/audit/devices/not-a-device/events").then().statusCode(403);
        // The owner passes the permission check; audit-service is down here, so the answer is 503, not an empty trail.
        given().auth().oauth2(owner.token()).get("/api/audit/devices/" + deviceId + "/events").then().statusCode(503);
        given().auth().oauth2(owner.token()).get("/api/audit/devices/" + deviceId + "/events?limit=500").then().statusCode(400);
        given().auth().oauth2(owner.token()).get("/api/audit/devices/" + deviceId + "/events?from=yesterday").then().statusCode(400);
        given().auth().oauth2(owner.token()).get("/api/audit/devices/" + deviceId + "/events?type=DROP%20TABLE").then().statusCode(400);
    }
}
