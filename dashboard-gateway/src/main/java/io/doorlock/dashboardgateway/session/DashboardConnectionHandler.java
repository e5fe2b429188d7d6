package io.doorlock.dashboardgateway.session;

import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.base.ws.Frames;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.dashboard.CancelCommand;
import io.doorlock.common.dashboard.CommandStatus;
import io.doorlock.common.dashboard.DashboardAuthenticate;
import io.doorlock.common.dashboard.DashboardAuthenticated;
import io.doorlock.common.dashboard.RequestDeviceStatus;
import io.doorlock.common.dashboard.SendCommand;
import io.doorlock.common.dashboard.SubscribeDevice;
import io.doorlock.common.dashboard.Subscribed;
import io.doorlock.common.dashboard.UnsubscribeDevice;
import io.doorlock.common.envelope.CloseReasons;
import io.doorlock.common.envelope.ErrorCode;
import io.doorlock.common.envelope.ErrorData;
import io.doorlock.common.envelope.ErrorDetail;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.common.validation.Direction;
import io.doorlock.common.validation.MessageValidator;
import io.doorlock.common.validation.ValidationResult;
import io.doorlock.dashboardgateway.DashboardGatewayConfig;
import io.doorlock.dashboardgateway.access.DeviceAccess;
import io.doorlock.dashboardgateway.access.Permission;
import io.doorlock.dashboardgateway.auth.AccessTokenVerifier;
import io.doorlock.dashboardgateway.auth.UserPrincipal;
import io.doorlock.dashboardgateway.command.CommandHistory;
import io.doorlock.dashboardgateway.command.CommandRequester;
import io.doorlock.dashboardgateway.presence.DevicePresence;
import io.doorlock.gatewaybase.connection.BearerToken;
import io.micrometer.core.instrument.MeterRegistry;
import io.doorlock.gatewaybase.connection.ClientConnection;
import io.doorlock.gatewaybase.connection.FloodGuard;
import io.doorlock.gatewaybase.connection.InboundGate;
import io.doorlock.gatewaybase.connection.Replies;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import io.doorlock.dashboardgateway.command.SendCommandHandler;
import io.doorlock.gatewaybase.connection.ClientHandler;

/**
 * What happens on a dashboard WebSocket: JWT authentication (header on the upgrade or a first {@code authenticate}
 * frame), the Dashboard-to-Backend requests with their permission checks, and closing when the token expires.
 */
@ApplicationScoped
public class DashboardConnectionHandler implements ClientHandler {

    private static final Logger LOG = Logger.getLogger(DashboardConnectionHandler.class);
    /** The metrics tag of dashboard connections, WebSocket and Socket.IO alike. */
    private static final String ENDPOINT = "dashboard-ws";

    private final DashboardSessions sessions;
    private final AccessTokenVerifier tokens;
    private final DeviceAccess access;
    private final CommandRequester commands;
    private final DevicePresence presence;
    private final MessageValidator validator;
    private final Frames frames;
    private final DashboardGatewayConfig config;
    private final Vertx vertx;
    private final MeterRegistry metrics;
    private final SessionCloser closer;
    private final CommandHistory history;
    private final SendCommandHandler sendCommand;
    private final Replies replies;

    public DashboardConnectionHandler(DashboardSessions sessions, AccessTokenVerifier tokens, DeviceAccess access,
            CommandRequester commands, DevicePresence presence, MessageValidator validator, Frames frames,
            DashboardGatewayConfig config, Vertx vertx, MeterRegistry metrics, SessionCloser closer, CommandHistory history,
            SendCommandHandler sendCommand) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.access = access;
        this.commands = commands;
        this.presence = presence;
        this.validator = validator;
        this.frames = frames;
        this.config = config;
        this.vertx = vertx;
        this.metrics = metrics;
        this.closer = closer;
        this.history = history;
        this.sendCommand = sendCommand;
        this.replies = new Replies(metrics, "doorlock_dashboard_handshakes_total");
    }

    @Override
    public void onOpen(ClientConnection connection) {
        DashboardSession session = sessions.open(connection);
        Optional<String> header = connection.header("Authorization");
        if (header.isPresent()) {
            Optional<String> token = BearerToken.of(header.get());
            if (token.isEmpty()) {
                replies.reject(connection, "the Authorization header needs 'Bearer <token>'");
                return;
            }
            authenticate(session, token.get(), Optional.empty());
            return;
        }
        session.authTimer(vertx.setTimer(config.authTimeout().toMillis(), id -> {
            if (session.user().isEmpty() && connection.isOpen()) {
                metrics.counter("doorlock_dashboard_handshakes_total", "result", "rejected", "reason", "timeout").increment();
                closer.close(connection, ErrorCode.AUTH_TIMEOUT, "no authenticate frame within " + config.authTimeout().toSeconds() + " s",
                        CloseReasons.AUTH_TIMEOUT, "authentication timeout");
            }
        }));
    }

    @Override
    public void onText(ClientConnection connection, String text) {
        Optional<DashboardSession> maybe = sessions.session(connection);
        if (maybe.isEmpty()) {
            return;
        }
        DashboardSession session = maybe.get();
        ValidationResult result = validator.validate(Direction.DASHBOARD_TO_BACKEND, text);
        if (result instanceof ValidationResult.Invalid invalid) {
            metrics.counter("doorlock_validation_errors_total", "code", invalid.error().code().name(), "endpoint", "dashboard-ws").increment();
            replies.reply(connection, frames.error(invalid.error(), invalid.id()));
            return;
        }
        ValidationResult.Valid valid = (ValidationResult.Valid) result;
        Optional<String> id = valid.id();
        if (session.user().isEmpty()) {
            if (valid.message() instanceof DashboardAuthenticate auth) {
                authenticate(session, auth.token(), id);
            } else {
                replies.reply(connection, frames.error(ErrorCode.UNAUTHENTICATED, "authenticate first", id));
            }
            return;
        }
        UserPrincipal user = session.user().get();
        if (!Instant.now().isBefore(user.expiresAt())) {
            expire(session);
            return;
        }
        Object message = valid.message();
        if (message instanceof DashboardAuthenticate) {
            replies.reply(connection, frames.error(ErrorCode.INVALID_VALUE, "already authenticated", id));
        } else if (message instanceof SubscribeDevice s) {
            if (allowed(connection, user, s.deviceId(), Permission.VIEW, id)) {
                session.subscriptions().add(s.deviceId());
                replies.reply(connection, frames.event(EventNames.SUBSCRIBED, new Subscribed(s.deviceId()), id));
            }
        } else if (message instanceof UnsubscribeDevice u) {
            session.subscriptions().remove(u.deviceId());
            replies.reply(connection, frames.event(EventNames.UNSUBSCRIBED, new Subscribed(u.deviceId()), id));
        } else if (message instanceof RequestDeviceStatus r) {
            if (allowed(connection, user, r.deviceId(), Permission.VIEW, id)) {
                replies.reply(connection, frames.event(EventNames.DEVICE_STATUS, presence.statusOf(r.deviceId()), id));
            }
        } else if (message instanceof SendCommand send) {
            sendCommand(connection, user, send, id);
        } else if (message instanceof CancelCommand cancel) {
            cancelCommand(connection, user, cancel, id);
        }
    }

    /**
     * Flood protection and a bound on waiting frames, checked as each frame arrives (before anything is parsed): a
     * frame over the rate is answered {@code RATE_LIMITED}, one that finds {@code max-waiting} frames of this
     * dashboard still waiting {@code UNAVAILABLE}, each with its id; a dashboard that keeps flooding is closed (4429).
     */
    @Override
    public InboundGate inboundGate(ClientConnection connection) {
        DashboardGatewayConfig.RateLimit limit = config.rateLimit();
        return InboundGate.limited(ENDPOINT, new FloodGuard(limit.burst(), limit.framesPerSecond(), limit.closeAfter(), System::nanoTime),
                limit.maxWaiting());
    }

    @Override
    public void flooded(ClientConnection connection) {
        LOG.warnf("closing flooding dashboard connection %s (%s)", connection.id(), sessions.session(connection)
                .flatMap(DashboardSession::user).map(UserPrincipal::userId).orElse("unauthenticated"));
    }

    @Override
    public void onClose(ClientConnection connection) {
        sessions.close(connection).ifPresent(session -> {
            cancel(session.authTimer());
            cancel(session.expiryTimer());
        });
    }

    private void sendCommand(ClientConnection connection, UserPrincipal user, SendCommand send, Optional<String> id) {
        SendCommandHandler.Result result = sendCommand.submit(user, send);
        switch (result.outcome()) {
            case FORBIDDEN -> replies.reply(connection, frames.error(ErrorCode.FORBIDDEN, result.message().orElseThrow(), id));
            case INVALID -> replies.reply(connection, frames.error(new ErrorData(ErrorCode.INVALID_VALUE, result.message().orElseThrow(),
                    List.of(new ErrorDetail(result.field().orElseThrow(), ErrorCode.INVALID_VALUE, result.message().orElseThrow()))), id));
            case ID_CONFLICT -> replies.reply(connection, frames.error(ErrorCode.INVALID_VALUE, result.message().orElseThrow(), id));
            // The request may still reach the broker: retrying with the same commandId can never create a second command.
            case UNAVAILABLE -> replies.reply(connection, frames.error(new ErrorData(ErrorCode.UNAVAILABLE,
                    result.message().orElseThrow(), List.of(new ErrorDetail("commandId",
                            ErrorCode.UNAVAILABLE, result.commandId()))), id));
            case QUEUED -> replies.reply(connection, frames.event(EventNames.COMMAND_STATUS, new CommandStatus(result.commandId(), CommandState.QUEUED,
                    Optional.empty(), Optional.of(send.deviceId()), Optional.of(result.type().wireName()), Optional.of(Instant.now()),
                    Optional.empty()), id));
        }
    }

    /**
     * {@code cancel_command}: needs {@code control} on the command's device. No direct answer on success: the outcome
     * arrives as {@code command_status} ({@code cancelled}, or the command's current state when it was too late).
     */
    private void cancelCommand(ClientConnection connection, UserPrincipal user, CancelCommand cancel, Optional<String> id) {
        Optional<String> deviceId = history.find(cancel.commandId()).map(CommandHistory.CommandView::deviceId)
                .filter(device -> access.allows(user, device, Permission.CONTROL));
        if (deviceId.isEmpty()) {
            // An unknown command and another user's command look the same.
            metrics.counter("doorlock_dashboard_forbidden_total", "permission", "control").increment();
            replies.reply(connection, frames.error(ErrorCode.FORBIDDEN, "no control permission for command " + cancel.commandId(), id));
            return;
        }
        try {
            commands.cancel(cancel.commandId(), deviceId.get(), user.userId());
        } catch (BusUnavailableException e) {
            replies.reply(connection, frames.error(ErrorCode.UNAVAILABLE, "the cancellation could not be sent; try again", id));
        }
    }

    /** Permission check. A device the user cannot see answers exactly like a device that does not exist. */
    private boolean allowed(ClientConnection connection, UserPrincipal user, String deviceId, Permission needed, Optional<String> id) {
        if (access.allows(user, deviceId, needed)) {
            return true;
        }
        metrics.counter("doorlock_dashboard_forbidden_total", "permission", needed.name().toLowerCase()).increment();
        replies.reply(connection, frames.error(ErrorCode.FORBIDDEN,
                "no " + needed.name().toLowerCase() + " permission for device " + deviceId, id));
        return false;
    }

    private void authenticate(DashboardSession session, String token, Optional<String> requestId) {
        ClientConnection connection = session.connection();
        Optional<UserPrincipal> user = tokens.verify(token);
        if (user.isEmpty()) {
            replies.reply(connection, frames.error(ErrorCode.AUTH_FAILED, "invalid or expired token", requestId));
            replies.reject(connection, "authentication failed");
            return;
        }
        cancel(session.authTimer());
        sessions.attach(session, user.get());
        long untilExpiry = Math.max(1, Duration.between(Instant.now(), user.get().expiresAt()).toMillis());
        session.expiryTimer(vertx.setTimer(untilExpiry, t -> expire(session)));
        metrics.counter("doorlock_dashboard_handshakes_total", "result", "accepted", "reason", "ok").increment();
        UserPrincipal u = user.get();
        replies.reply(connection, frames.event(EventNames.AUTHENTICATED, new DashboardAuthenticated(u.userId(), u.username(), u.role()), requestId));
    }

    private void expire(DashboardSession session) {
        ClientConnection connection = session.connection();
        if (!connection.isOpen()) {
            return;
        }
        closer.close(connection, ErrorCode.TOKEN_EXPIRED, "the access token expired; sign in again", CloseReasons.AUTH_FAILED, "token expired");
    }


    private void cancel(long timer) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

}
