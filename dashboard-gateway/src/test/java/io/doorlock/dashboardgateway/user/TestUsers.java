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
}
