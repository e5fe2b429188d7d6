package io.doorlock.dashboardgateway.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.doorlock.testing.DoorlockInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /api/auth/register} is limited per client address: 429 with Retry-After, and no account is created. */
@QuarkusTest
@TestProfile(RegistrationLimitTest.ThreePerHour.class)
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class RegistrationLimitTest {

    public static class ThreePerHour implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("doorlock.auth.registration-limits.per-address", "3", "doorlock.auth.registration-limits.window", "1h");
        }
    }

    static Response register(String username) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "email", username + "@example.com", "password", "correct horse battery"))
                .post("/api/auth/register");
    }

    @Test
    void aFourthRegistrationFromOneAddressIsRefusedAndCreatesNothing() {
        for (int i = 0; i < 3; i++) {
            register("user" + UUID.randomUUID().toString().substring(0, 8)).then().statusCode(201);
        }
        String refused = "user" + UUID.randomUUID().toString().substring(0, 8);
        Response limited = register(refused);
        limited.then().statusCode(429).body("success", equalTo(false));
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(3500L, 3600L);
        given().contentType(ContentType.JSON).body(Map.of("username", refused, "password", "correct horse battery"))
                .post("/api/auth/login").then().statusCode(401);
    }
}
