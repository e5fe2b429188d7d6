package io.doorlock.dashboardgateway.user;

import java.time.Instant;

/** Users the dashboard tests sign in as (their tokens come from {@code DoorlockInfrastructure.keys()}). */
public final class TestUsers {

    private TestUsers() {}

    /** Creates each user (role {@code user}, username {@code <id>-name}) unless it exists. */
    public static void ensure(UserRepository users, String... ids) {
        ensureWithRole(users, "user", ids);
    }

    /** The same, with {@code role} ({@code user} or {@code admin}). */
    public static void ensureWithRole(UserRepository users, String role, String... ids) {
        for (String id : ids) {
            if (users.findByIdOptional(id).isEmpty()) {
                UserDocument user = new UserDocument();
                user.id = id;
                user.username = id + "-name";
                user.email = id + "@example.com";
                user.passwordHash = "unused";
                user.role = role;
                user.createdAt = Instant.now();
                users.create(user);
            }
        }
    }

    /** A user signed up and signed in through the public API. */
    public record SignedUp(String id, String name, String token) {}

    /** Signs up a new user named {@code prefix} plus a random suffix, and signs them in. */
    public static SignedUp signUp(String prefix) {
        String name = prefix + java.util.UUID.randomUUID().toString().substring(0, 8);
        String id = io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("username", name, "email", name + "@example.com", "password", "correct horse battery"))
                .post("/api/auth/register").then().statusCode(201).extract().path("data.id");
        String token = io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("username", name, "password", "correct horse battery"))
                .post("/api/auth/login").then().statusCode(200).extract().path("data.token");
        return new SignedUp(id, name, token);
    }
}
