package io.doorlock.dashboardgateway.socketio;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.doorlock.testing.DoorlockInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * CORS on the polling transport: a dashboard page served from an allowed origin ({@code doorlock.socketio.cors-origins},
 * {@code http://app.example.com} in tests) may poll across origins, with credentials; any other origin gets no CORS
 * headers, so the browser keeps its answers from the page.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class SocketIoCorsTest {

    @Test
    void anAllowedOriginMayPollAndItsPreflightIsAnswered() {
        given().header("Origin", "http://app.example.com").queryParam("EIO", "4").queryParam("transport", "polling")
                .get("/socket.io/").then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("http://app.example.com"))
                .header("Access-Control-Allow-Credentials", equalTo("true"))
                .header("Vary", equalTo("Origin"))
                .body(startsWith("0{"));
        given().header("Origin", "http://app.example.com").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .queryParam("EIO", "4").queryParam("transport", "polling")
                .options("/socket.io/").then().statusCode(204)
                .header("Access-Control-Allow-Origin", equalTo("http://app.example.com"))
                .header("Access-Control-Allow-Methods", equalTo("GET, POST"))
                .header("Access-Control-Allow-Headers", equalTo("content-type"));
    }

    @Test
    void anyOtherOriginGetsNoCorsHeaders() {
        given().header("Origin", "http://evil.example.com").queryParam("EIO", "4").queryParam("transport", "polling")
                .get("/socket.io/").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "http://evil.example.com").header("Access-Control-Request-Method", "POST")
                .queryParam("EIO", "4").queryParam("transport", "polling")
                .options("/socket.io/").then().statusCode(204)
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Methods", nullValue());
        // Same-origin pages (no Origin header on a GET) are unaffected.
        given().queryParam("EIO", "4").queryParam("transport", "polling")
                .get("/socket.io/").then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }
}
