package io.doorlock.dashboardgateway.user;

import java.time.Instant;

/** What the API shows of a user: never the password hash. {@code _id} is kept next to {@code id} for Mongoose clients. */
public record UserView(String id, String _id, String username, String email, String role, Instant createdAt) {

    public static UserView of(UserDocument user) {
        return new UserView(user.id, user.id, user.username, user.email, user.role, user.createdAt);
    }
}
