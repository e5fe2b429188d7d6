package io.doorlock.devicegateway.connection;

import io.doorlock.devicegateway.presence.ConnectionManager;
import io.doorlock.devicegateway.session.DeviceSessions;
import io.doorlock.devicegateway.session.DeviceSession;
import io.doorlock.devicegateway.DeviceGatewayConfig;
import io.doorlock.gatewaybase.connection.BearerToken;
import io.doorlock.gatewaybase.connection.FloodResponse;
import io.doorlock.gatewaybase.connection.Replies;
import io.doorlock.base.ws.Frames;
import io.doorlock.common.device.DeviceAuthenticate;
import io.doorlock.common.device.DeviceAuthenticated;
import io.doorlock.common.envelope.CloseReasons;
import io.doorlock.common.envelope.ErrorCode;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.common.validation.Direction;
import io.doorlock.common.validation.MessageValidator;
import io.doorlock.common.validation.ValidationResult;
import io.doorlock.devicegateway.credentials.DeviceCredentials;
import io.doorlock.devicegateway.credentials.DeviceIdentity;
import io.doorlock.devicegateway.intake.DeviceEventIntake;
import io.doorlock.devicegateway.presence.PresenceRules;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.CloseReason;
import io.doorlock.gatewaybase.connection.ClientConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;
import io.doorlock.base.alert.SystemAlerts;
import io.doorlock.common.dashboard.AlertLevel;
import io.doorlock.gatewaybase.connection.ClientHandler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;

/**
 * What happens on a device WebSocket, independent of the endpoint class: authentication (header on the upgrade,
 * or a first {@code authenticate} frame within the timeout), validation of every frame, and publication of valid
 * events. A bad frame gets an {@code error} event and the connection stays open; bad credentials close it.
 */
@ApplicationScoped
public class DeviceConnectionHandler implements ClientHandler {

    private static final Logger LOG = Logger.getLogger(DeviceConnectionHandler.class);

    private final SystemAlerts alerts;
    private final DeviceSessions sessions;
    private final DeviceCredentials credentials;
    private final MessageValidator validator;
    private final DeviceEventIntake intake;
    private final ConnectionManager connections;
    private final Frames frames;
    private final DeviceGatewayConfig config;
    private final Vertx vertx;

    private final MeterRegistry metrics;
    private final FloodResponse flood;
    private final Replies replies;
    private volatile boolean draining;
    private boolean hookInstalled;

    public DeviceConnectionHandler(DeviceSessions sessions, DeviceCredentials credentials, MessageValidator validator,
            DeviceEventIntake intake, ConnectionManager connections, Frames frames, DeviceGatewayConfig config, Vertx vertx,
            MeterRegistry metrics, SystemAlerts alerts) {
        this.alerts = alerts;
        this.sessions = sessions;
        this.credentials = credentials;
        this.validator = validator;
        this.intake = intake;
        this.connections = connections;
        this.frames = frames;
        this.config = config;
        this.vertx = vertx;
        this.metrics = metrics;
        this.flood = new FloodResponse(frames, metrics, "device-ws");
        this.replies = new Replies(metrics, "doorlock_device_handshakes_total");
    }

    @Override
    public void onOpen(ClientConnection connection) {
        DeviceSession session = sessions.open(connection);
        // The timer starts first, so no path can leave an unauthenticated socket open without a deadline.
        long timer = vertx.setTimer(config.authTimeout().toMillis(), id -> {
            if (!session.isAuthenticated() && connection.isOpen()) {
                metrics.counter("doorlock_device_handshakes_total", "result", "rejected", "reason", "timeout").increment();
                connection.sendText(frames.error(ErrorCode.AUTH_TIMEOUT, "no authenticate frame within " + config.authTimeout().toSeconds() + " s", Optional.empty()))
                        .chain(() -> connection.close(new CloseReason(CloseReasons.AUTH_TIMEOUT, "authentication timeout")))
                        .subscribe().with(v -> { }, e -> LOG.debugf("closing on auth timeout failed: %s", e.getMessage()));
            }
        });
        session.authTimer(timer);
        Optional<String> header = connection.header("Authorization");
        if (header.isPresent()) {
            Optional<String> deviceId = connection.queryParam("deviceId");
            Optional<String> token = BearerToken.of(header.get());
            if (token.isEmpty() || deviceId.isEmpty()) {
                replies.reject(connection, "the Authorization header needs 'Bearer <token>' and the deviceId query parameter");
                return;
            }
            authenticate(session, deviceId.get(), token.get(), Optional.empty());
        }
    }

    @Override
    public void onText(ClientConnection connection, String text) {
        Optional<DeviceSession> maybe = sessions.session(connection);
        if (maybe.isEmpty()) {
            return;
        }
        DeviceSession session = maybe.get();
        session.heard();
        if (!flood.admit(session.floodGuard(), connection, () -> flooded(session, connection))) {
            return;
        }
        ValidationResult result = validator.validate(Direction.DEVICE_TO_BACKEND, text);
        if (result instanceof ValidationResult.Invalid invalid) {
            metrics.counter("doorlock_validation_errors_total", "code", invalid.error().code().name(), "endpoint", "device-ws").increment();
            replies.reply(connection, frames.error(invalid.error(), invalid.id()));
            return;
        }
        ValidationResult.Valid valid = (ValidationResult.Valid) result;
        if (!session.isAuthenticated()) {
            if (valid.message() instanceof DeviceAuthenticate auth) {
                authenticate(session, auth.deviceId(), auth.token(), valid.id());
            } else {
                replies.reply(connection, frames.error(ErrorCode.UNAUTHENTICATED, "authenticate first", valid.id()));
            }
            return;
        }
        DeviceIdentity device = session.identity().orElseThrow();
        if (valid.message() instanceof DeviceAuthenticate) {
            replies.reply(connection, frames.error(ErrorCode.INVALID_VALUE, "already authenticated as " + device.deviceId(), valid.id()));
            return;
        }
        intake.accept(device, valid, session.metadata(), Optional.of(connection.id()))
                .ifPresent(error -> replies.reply(connection, frames.error(error, valid.id())));
    }

    /** A device closed for flooding its WebSocket: the admins hear it, and the log says which. */
    private void flooded(DeviceSession session, ClientConnection connection) {
        alerts.raise("device-flood", AlertLevel.WARNING, "device "
                + session.identity().map(DeviceIdentity::deviceId).orElse("(unauthenticated)") + " was disconnected for flooding its WebSocket");
        LOG.warnf("closing flooding device connection %s (%s)", connection.id(),
                session.identity().map(DeviceIdentity::deviceId).orElse("unauthenticated"));
    }

    @Override
    public void onClose(ClientConnection connection) {
        sessions.close(connection).ifPresent(closed -> {
            DeviceSession session = closed.session();
            if (session.authTimer() >= 0) {
                vertx.cancelTimer(session.authTimer());
            }
            // A socket replaced by a newer one of the same device is not a disconnection.
            if (closed.wasLive() && !draining) {
                connections.socketDown(session.identity().orElseThrow(), session, reason(connection));
            }
        });
    }

    /**
     * The gateway is shutting down: its sockets close, but their devices are not reported offline. They reconnect to
     * another replica (which takes the link over without a flap), or the heartbeat timeout reports them.
     */
    void onShutdown(@Observes ShutdownEvent event) {
        draining = true;
    }

    /**
     * The HTTP layer may close the sockets before {@link ShutdownEvent} is delivered, so a JVM
     * shutdown hook (started on SIGTERM alongside Quarkus' own) raises the flag as early as possible too.
     */
    void onStart(@Observes StartupEvent event) {
        if (!hookInstalled) {
            hookInstalled = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> draining = true, "device-gateway-draining"));
        }
    }

    /** The {@code device_disconnected} reason for a closed socket. */
    static String reason(ClientConnection connection) {
        CloseReason close = connection.closeReason().orElse(null);
        if (close == null) {
            return "connection_lost";
        }
        return switch (close.getCode()) {
            case 1000, 1001 -> "client_disconnect";
            case CloseReasons.HEARTBEAT_TIMEOUT -> PresenceRules.HEARTBEAT_TIMEOUT;
            case CloseReasons.CREDENTIALS_REVOKED -> "credentials_revoked";
            case CloseReasons.RATE_LIMITED -> "rate_limited";
            default -> "connection_closed_" + close.getCode();
        };
    }

    private void authenticate(DeviceSession session, String deviceId, String token, Optional<String> requestId) {
        ClientConnection connection = session.connection();
        Optional<DeviceIdentity> identity = credentials.authenticate(deviceId, token);
        if (identity.isEmpty()) {
            replies.reply(connection, frames.error(ErrorCode.AUTH_FAILED, "unknown device or wrong token", requestId));
            replies.reject(connection, "authentication failed");
            return;
        }
        if (session.authTimer() >= 0) {
            vertx.cancelTimer(session.authTimer());
        }
        sessions.attach(session, identity.get());
        // A rotation or delete that landed between the check and the attach could not close this socket: check again.
        if (credentials.authenticate(deviceId, token).isEmpty()) {
            connection.closeAndAwait(new CloseReason(CloseReasons.CREDENTIALS_REVOKED, "credentials changed while connecting"));
            return;
        }
        metrics.counter("doorlock_device_handshakes_total", "result", "accepted", "reason", "ok").increment();
        // Presence first: once the device reads "authenticated" it may close its older socket, and that close must
        // find this socket already registered, or the dashboards would see a flap and commands a gap.
        connections.socketUp(identity.get(), session);
        replies.reply(connection, frames.event(EventNames.AUTHENTICATED, new DeviceAuthenticated(deviceId), requestId));
        LOG.infof("device %s connected over WebSocket from %s", deviceId, session.remoteAddress().orElse("?"));
    }


}
