package io.doorlock.dashboardgateway.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class AuthResourceTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/ws/dashboard")
    URI dashboardSocket;

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    static Response register(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "email", username + "@example.com", "password", password))
                .post("/api/auth/register");
    }

    static String login(String field, String value, String password) {
        return given().contentType(ContentType.JSON).body(Map.of(field, value, "password", password))
                .post("/api/auth/login").then().statusCode(200).extract().path("data.token");
    }

    @Test
    void registerCreatesAUserAndNeverReturnsThePassword() {
        String name = unique("alice");
        register(name, "correct horse battery").then().statusCode(201)
                .body("success", equalTo(true))
                .body("data.username", equalTo(name))
                .body("data.role", equalTo("user"))
                .body("data.id", notNullValue())
                .body("data._id", notNullValue())
                .body("data.password", nullValue())
                .body("data.passwordHash", nullValue())
                .body("timestamp", notNullValue());
    }

    @Test
    void registrationCannotCreateAnAdminOrADuplicate() {
        String name = unique("mallory");
        given().contentType(ContentType.JSON)
                .body(Map.of("username", name, "email", name + "@example.com", "password", "correct horse battery", "role", "admin"))
                .post("/api/auth/register").then().statusCode(201).body("data.role", equalTo("user"));
        register(name.toUpperCase(), "another long password").then().statusCode(409).body("success", equalTo(false));
    }

    @Test
    void badRegistrationsGet400WithTheFields() {
        given().contentType(ContentType.JSON).body(Map.of("username", "x", "email", "not-an-email", "password", "short"))
                .post("/api/auth/register").then().statusCode(400)
                .body("success", equalTo(false))
                .body("errors.field", org.hamcrest.Matchers.hasItems("username", "email", "password"));
        given().contentType(ContentType.JSON).body("{not json").post("/api/auth/register").then().statusCode(400).body("success", equalTo(false));
    }

    @Test
    void loginByUsernameOrEmailThenMe() {
        String name = unique("bob");
        register(name, "correct horse battery").then().statusCode(201);
        String byName = login("username", name, "correct horse battery");
        String byEmail = login("email", name + "@example.com", "correct horse battery");
        for (String token : new String[] {byName, byEmail}) {
            given().auth().oauth2(token).get("/api/auth/me").then().statusCode(200)
                    .body("data.username", equalTo(name)).body("data.passwordHash", nullValue());
        }
        given().contentType(ContentType.JSON).body(Map.of("username", name, "password", "wrong password!!"))
                .post("/api/auth/login").then().statusCode(401).body("success", equalTo(false));
        given().contentType(ContentType.JSON).body(Map.of("username", unique("nobody"), "password", "whatever pass"))
                .post("/api/auth/login").then().statusCode(401).body("message", equalTo("invalid credentials"));
    }

    @Test
    void meNeedsAValidToken() {
        given().get("/api/auth/me").then().statusCode(401).body("success", equalTo(false));
        given().auth().oauth2("garbage").get("/api/auth/me").then().statusCode(401);
        String forged = io.doorlock.testing.TestKeys.generate().token("x", "x", "admin");
        given().auth().oauth2(forged).get("/api/auth/me").then().statusCode(401);
    }

    @Test
    void changingThePasswordRetiresOldTokensAndClosesTheirDashboards() {
        String name = unique("carol");
        register(name, "first password 123").then().statusCode(201);
        String old = login("username", name, "first password 123");
        given().auth().oauth2(old).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "not the password", "newPassword", "second password 456"))
                .put("/api/auth/password").then().statusCode(403);
        try (TestWebSocket dashboard = TestWebSocket.connect(dashboardSocket.toString().replaceFirst("^http", "ws"),
                Map.of("Authorization", "Bearer " + old))) {
            dashboard.awaitEvent("authenticated", WAIT);
            // No pause: issue times have millisecond precision, so a token from the same second is still retired.
            given().auth().oauth2(old).contentType(ContentType.JSON)
                    .body(Map.of("currentPassword", "first password 123", "newPassword", "second password 456"))
                    .put("/api/auth/password").then().statusCode(200);
            assertThat(dashboard.awaitClose(WAIT).reason()).isEqualTo("token revoked");
        }
        given().auth().oauth2(old).get("/api/auth/me").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("username", name, "password", "first password 123"))
                .post("/api/auth/login").then().statusCode(401);
        String fresh = login("username", name, "second password 456");
        given().auth().oauth2(fresh).get("/api/auth/me").then().statusCode(200);
    }

    @Test
    void guessingTheCurrentPasswordWithAStolenTokenIsLimited() {
        String name = unique("frank");
        register(name, "first password 123").then().statusCode(201);
        String token = login("username", name, "first password 123");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("currentPassword", "guess " + i + " xxxxxx", "newPassword", "second password 456"))
                    .put("/api/auth/password").then().statusCode(403);
        }
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "first password 123", "newPassword", "second password 456"))
                .put("/api/auth/password").then().statusCode(429);
    }

    @Test
    void logoutRevokesTheTokenAndClosesItsDashboards() {
        String name = unique("dave");
        register(name, "correct horse battery").then().statusCode(201);
        String token = login("username", name, "correct horse battery");
        try (TestWebSocket socket = TestWebSocket.connect(dashboardSocket.toString().replaceFirst("^http", "ws"),
                Map.of("Authorization", "Bearer " + token))) {
            socket.awaitEvent("authenticated", WAIT);
            given().auth().oauth2(token).post("/api/auth/logout").then().statusCode(200).body("success", equalTo(true));
            assertThat(socket.awaitClose(WAIT).reason()).isEqualTo("token revoked");
        }
        given().auth().oauth2(token).get("/api/auth/me").then().statusCode(401);
        try (TestWebSocket again = TestWebSocket.connect(dashboardSocket.toString().replaceFirst("^http", "ws"),
                Map.of("Authorization", "Bearer " + token))) {
            assertThat(again.awaitClose(WAIT).code()).isEqualTo(4401);
        }
    }

    @Test
    void repeatedFailedLoginsForOneUsernameGet429WithRetryAfter() {
        String name = unique("erin");
        register(name, "correct horse battery").then().statusCode(201);
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(Map.of("username", name, "password", "guess number " + i))
                    .post("/api/auth/login").then().statusCode(401);
        }
        Response limited = given().contentType(ContentType.JSON).body(Map.of("username", " " + name.toUpperCase() + " ", "password", "correct horse battery"))
                .post("/api/auth/login");
        limited.then().statusCode(429).body("success", equalTo(false));
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
    }

    @Test
    void afterA429OnTheUsernameTheSameAccountsEmailGetsNoFreshGuesses() {
        String name = unique("grace");
        register(name, "correct horse battery").then().statusCode(201);
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(Map.of("username", name, "password", "guess number " + i))
                    .post("/api/auth/login").then().statusCode(401);
        }
        given().contentType(ContentType.JSON).body(Map.of("username", name, "password", "guess number 3"))
                .post("/api/auth/login").then().statusCode(429);
        Response byEmail = given().contentType(ContentType.JSON).body(Map.of("email", name + "@example.com", "password", "guess number 4"))
                .post("/api/auth/login");
        byEmail.then().statusCode(429).body("success", equalTo(false));
        assertThat(Integer.parseInt(byEmail.header("Retry-After"))).isBetween(1, 60);
        // A name nobody has is counted by itself, and does not lock anyone else out.
        given().contentType(ContentType.JSON).body(Map.of("username", unique("nobody"), "password", "guess number 5"))
                .post("/api/auth/login").then().statusCode(401);
    }

    @Test
    void theFirstAdminComesFromConfiguration() {
        String token = login("username", "root", "root-password-for-tests");
        given().auth().oauth2(token).get("/api/auth/me").then().statusCode(200).body("data.role", equalTo("admin"));
    }
}
