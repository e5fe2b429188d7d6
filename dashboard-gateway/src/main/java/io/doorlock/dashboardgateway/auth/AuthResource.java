package io.doorlock.dashboardgateway.auth;

import io.doorlock.base.bus.BusPublisher;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.TokenRevoked;
import io.doorlock.common.topic.Topics;
import io.doorlock.dashboardgateway.api.ApiException;
import io.doorlock.dashboardgateway.api.ApiResponse;
import io.doorlock.dashboardgateway.user.UserDocument;
import io.doorlock.dashboardgateway.user.UserRepository;
import io.doorlock.dashboardgateway.user.UserView;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.bson.types.ObjectId;
import org.jboss.logging.Logger;
import io.doorlock.dashboardgateway.AuthConfig;

/** {@code /api/auth}: register, login, me, password, logout. */
@Path("/api/auth")
@Blocking
public class AuthResource {

    private static final Logger LOG = Logger.getLogger(AuthResource.class);

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final RevokedTokens revoked;
    private final LoginRateLimiter limiter;
    private final RegistrationRateLimiter registrations;
    private final CurrentUser currentUser;
    private final BusPublisher bus;
    private final MeterRegistry metrics;
    private final AuthConfig config;

    public AuthResource(UserRepository users, PasswordHasher hasher, TokenIssuer issuer, RevokedTokens revoked,
            LoginRateLimiter limiter, RegistrationRateLimiter registrations, CurrentUser currentUser, BusPublisher bus,
            MeterRegistry metrics, AuthConfig config) {
        this.users = users;
        this.hasher = hasher;
        this.issuer = issuer;
        this.revoked = revoked;
        this.limiter = limiter;
        this.registrations = registrations;
        this.currentUser = currentUser;
        this.bus = bus;
        this.metrics = metrics;
        this.config = config;
    }

    /** Creates a {@code user} (never an admin). Limited per client address ({@link RegistrationRateLimiter}). */
    @POST
    @Path("/register")
    public Response register(@Valid @NotNull AuthRequests.Register body, @Context HttpServerRequest request) {
        Optional<Duration> wait = registrations.admit(clientAddress(request));
        if (wait.isPresent()) {
            metrics.counter("doorlock_registrations_rate_limited_total").increment();
            throw ApiException.tooManyRequests(wait.get());
        }
        UserDocument user = new UserDocument();
        user.id = new ObjectId().toHexString();
        user.username = body.username().trim();
        user.email = body.email().trim();
        user.passwordHash = hasher.hash(body.password());
        user.role = "user";
        user.createdAt = Instant.now();
        if (!users.create(user)) {
            throw ApiException.conflict("username or email already registered");
        }
        metrics.counter("doorlock_users_registered_total").increment();
        return Response.status(201).entity(ApiResponse.ok("user registered", UserView.of(user))).build();
    }

    @POST
    @Path("/login")
    public ApiResponse<Map<String, Object>> login(@Valid @NotNull AuthRequests.Login body, @Context HttpServerRequest request) {
        String login = body.login().orElseThrow(() -> ApiException.badRequest("username or email is required"));
        String address = clientAddress(request);
        // Failures count against the account the name resolves to, whichever of its names was typed.
        Optional<UserDocument> user = users.findByLogin(login);
        Optional<String> userId = user.map(u -> u.id);
        Optional<Duration> wait = limiter.retryAfter(address, login, userId);
        if (wait.isPresent()) {
            metrics.counter("doorlock_logins_total", "result", "rate_limited").increment();
            throw ApiException.tooManyRequests(wait.get());
        }
        limiter.attempt(address, login, userId);
        boolean ok = user.isPresent() ? hasher.matches(body.password(), user.get().passwordHash) : burn(body.password());
        if (!ok) {
            metrics.counter("doorlock_logins_total", "result", "failed").increment();
            throw ApiException.unauthorized("invalid credentials");
        }
        limiter.succeeded(address, login, userId);
        metrics.counter("doorlock_logins_total", "result", "ok").increment();
        TokenIssuer.Issued token = issuer.issue(user.get());
        return ApiResponse.ok("signed in", Map.of(
                "token", token.token(),
                "tokenType", "Bearer",
                "expiresAt", token.expiresAt().toString(),
                "expiresIn", Duration.between(Instant.now(), token.expiresAt()).toSeconds(),
                "user", UserView.of(user.get())));
    }

    @GET
    @Path("/me")
    @Authenticated
    public ApiResponse<UserView> me() {
        UserPrincipal principal = currentUser.require();
        UserDocument user = users.findByIdOptional(principal.userId()).orElseThrow(() -> ApiException.unauthorized("user no longer exists"));
        return ApiResponse.ok("current user", UserView.of(user));
    }

    /** Changes the password; every token issued before stops working. */
    @PUT
    @Path("/password")
    @Authenticated
    public ApiResponse<Void> changePassword(@Valid @NotNull AuthRequests.ChangePassword body) {
        UserPrincipal principal = currentUser.require();
        UserDocument user = users.findByIdOptional(principal.userId()).orElseThrow(() -> ApiException.unauthorized("user no longer exists"));
        String key = "password-change:" + user.id;
        limiter.retryAfter(key, key, Optional.empty()).ifPresent(wait -> {
            throw ApiException.tooManyRequests(wait);
        });
        limiter.attempt(key, key, Optional.empty());
        if (!hasher.matches(body.currentPassword(), user.passwordHash)) {
            throw ApiException.forbidden("current password is wrong");
        }
        limiter.succeeded(key, key, Optional.empty());
        Instant changedAt = Instant.now();
        users.changePassword(user.id, hasher.hash(body.newPassword()), changedAt);
        try {
            bus.publish(Topics.TOKEN_REVOKED, BusTypes.TOKEN_REVOKED, null, Optional.of(user.id), user.id,
                    new TokenRevoked(TokenRevoked.ALL_TOKENS, user.id, changedAt.plus(config.tokenLifetime())));
        } catch (RuntimeException e) {
            LOG.warnf("password change not broadcast; older dashboards close when their tokens expire: %s", e.getMessage());
        }
        return ApiResponse.ok("password changed; sign in again", null);
    }

    /** Revokes the caller's token; dashboards using it are closed on every replica. */
    @POST
    @Path("/logout")
    @Authenticated
    public ApiResponse<Void> logout() {
        UserPrincipal principal = currentUser.require();
        revoked.revoke(principal.tokenId(), principal.userId(), principal.expiresAt());
        try {
            bus.publish(Topics.TOKEN_REVOKED, BusTypes.TOKEN_REVOKED, null, Optional.of(principal.userId()), principal.tokenId(),
                    new TokenRevoked(principal.tokenId(), principal.userId(), principal.expiresAt()));
        } catch (RuntimeException e) {
            // The token is revoked in the database already; sockets on other replicas close when it expires.
            LOG.warnf("revocation of a token not broadcast: %s", e.getMessage());
        }
        return ApiResponse.ok("signed out", null);
    }

    private static String clientAddress(HttpServerRequest request) {
        return Optional.ofNullable(request.remoteAddress()).map(a -> a.hostAddress()).orElse("unknown");
    }

    private boolean burn(String password) {
        hasher.burn(password);
        return false;
    }
}
