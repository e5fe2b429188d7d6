package io.doorlock.dashboardgateway.auth;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/** Bodies of the {@code /api/auth} routes. */
public final class AuthRequests {
    private AuthRequests() {}

    /** {@code POST /api/auth/register}. */
    public record Register(
            @NotBlank @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$", message = "3 to 32 letters, digits, '_', '.' or '-'") String username,
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(min = 10, max = 128, message = "must be 10 to 128 characters") String password) {

        @Override
        public String toString() {
            return "Register[username=" + username + ", email=" + email + ", password=***]";
        }
    }

    /** {@code POST /api/auth/login}: by {@code username} or {@code email}. */
    public record Login(Optional<@Size(max = 254) String> username, Optional<@Size(max = 254) String> email,
            @NotBlank @Size(max = 128) String password) {

        public Optional<String> login() {
            return username.filter(u -> !u.isBlank()).or(() -> email.filter(e -> !e.isBlank()));
        }

        @Override
        public String toString() {
            return "Login[username=" + username + ", email=" + email + ", password=***]";
        }
    }

    /** {@code PUT /api/auth/password}. */
    public record ChangePassword(@NotBlank @Size(max = 128) String currentPassword,
            @NotBlank @Size(min = 10, max = 128, message = "must be 10 to 128 characters") String newPassword) {

        @Override
        public String toString() {
            return "ChangePassword[***]";
        }
    }
}
