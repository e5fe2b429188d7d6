package io.doorlock.dashboardgateway.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.dashboardgateway.user.TestUsers;
import io.doorlock.dashboardgateway.user.UserRepository;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestKeys;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An expired access token is refused once it is more than {@code mp.jwt.verify.clock.skew} (5 s) past its {@code exp},
 * on REST and on the dashboard WebSocket alike; smallrye-jwt's own default (60 s) let a token that expired 30 s ago in.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class TokenExpiryTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String USER = "user-expiry";

    @TestHTTPResource("/ws/dashboard")
    URI dashboardSocket;

    @Inject
    UserRepository users;

    @BeforeEach
    void createUser() {
        TestUsers.ensure(users, USER);
    }

    /** A token issued an hour before it expires, like the ones login hands out; expired when {@code expiresIn} is negative. */
    static String token(Duration expiresIn) {
        Instant expiresAt = Instant.now().plus(expiresIn);
        return Jwt.issuer(TestKeys.ISSUER).audience(TestKeys.AUDIENCE).claim("jti", UUID.randomUUID().toString())
                .subject(USER).upn(USER + "-name").claim("username", USER + "-name").groups(Set.of("user")).claim("role", "user")
                .issuedAt(expiresAt.minus(Duration.ofHours(1))).expiresAt(expiresAt)
                .jws().sign(DoorlockInfrastructure.keys().keyPair().getPrivate());
    }

    String ws() {
        return dashboardSocket.toString().replaceFirst("^http", "ws");
    }

    @Test
    void aTokenThatExpiredThirtySecondsAgoIsRefusedOnRest() {
        given().auth().oauth2(token(Duration.ofMinutes(5))).get("/api/auth/me").then().statusCode(200);
        given().auth().oauth2(token(Duration.ofSeconds(-30))).get("/api/auth/me").then().statusCode(401);
        given().auth().oauth2(token(Duration.ofSeconds(-30))).get("/api/device").then().statusCode(401);
    }

    @Test
    void aTokenThatExpiredThirtySecondsAgoIsRefusedByTheDashboardHandshake() {
        String expired = token(Duration.ofSeconds(-30));
        try (TestWebSocket socket = TestWebSocket.connect(ws(), Map.of("Authorization", "Bearer " + expired))) {
            // Refused at the handshake ("authentication failed"), not accepted and then closed as "token expired".
            assertThat(socket.awaitClose(WAIT)).isEqualTo(new TestWebSocket.Closed(4401, "authentication failed"));
            assertThat(socket.drain()).noneMatch(frame -> frame.contains("\"authenticated\""));
        }
        try (TestWebSocket socket = TestWebSocket.connect(ws())) {
            socket.send("{\"event\":\"authenticate\",\"data\":{\"token\":\"" + expired + "\"}}");
            assertThat(socket.awaitEvent("error", WAIT)).contains("AUTH_FAILED");
            assertThat(socket.awaitClose(WAIT).code()).isEqualTo(4401);
        }
        try (TestWebSocket socket = TestWebSocket.connect(ws(), Map.of("Authorization", "Bearer " + token(Duration.ofMinutes(5))))) {
            socket.awaitEvent("authenticated", WAIT);
        }
    }
}
