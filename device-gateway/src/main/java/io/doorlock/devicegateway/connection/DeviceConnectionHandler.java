package io.doorlock.devicegateway.connection;

import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.base.ws.Frames;
import io.doorlock.common.bus.ConnectionMetadata;
import io.doorlock.common.bus.Transport;
import io.doorlock.common.device.DeviceAuthenticate;
import io.doorlock.common.device.DeviceAuthenticated;
import io.doorlock.common.device.FromDevice;
import io.doorlock.common.dashboard.DeviceConnected;
import io.doorlock.common.dashboard.DeviceDisconnected;
import java.time.Instant;
import io.doorlock.common.envelope.CloseReasons;
import io.doorlock.common.envelope.ErrorCode;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.common.validation.Direction;
import io.doorlock.common.validation.MessageValidator;
import io.doorlock.common.validation.ValidationResult;
import io.doorlock.devicegateway.credentials.DeviceCredentials;
import io.doorlock.devicegateway.credentials.DeviceIdentity;
import io.doorlock.devicegateway.event.DeviceEventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What happens on a device WebSocket, independent of the endpoint class: authentication (header on the upgrade,
 * or a first {@code authenticate} frame within the timeout), validation of every frame, and publication of valid
 * events. A bad frame gets an {@code error} event and the connection stays open; bad credentials close it.
 */
@ApplicationScoped
public class DeviceConnectionHandler {

    private static final Logger LOG = Logger.getLogger(DeviceConnectionHandler.class);
    private static final String BEARER = "Bearer ";

    private final DeviceSessions sessions;
    private final DeviceCredentials credentials;
    private final MessageValidator validator;
    private final DeviceEventPublisher events;
    private final Frames frames;
    private final DeviceGatewayConfig config;
    private final Vertx vertx;
    private final MeterRegistry metrics;

    public DeviceConnectionHandler(DeviceSessions sessions, DeviceCredentials credentials, MessageValidator validator,
            DeviceEventPublisher events, Frames frames, DeviceGatewayConfig config, Vertx vertx, MeterRegistry metrics) {
        this.sessions = sessions;
        this.credentials = credentials;
        this.validator = validator;
        this.events = events;
        this.frames = frames;
        this.config = config;
        this.vertx = vertx;
        this.metrics = metrics;
    }

    public void onOpen(WebSocketConnection connection) {
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
        Optional<String> header = Optional.ofNullable(connection.handshakeRequest().header("Authorization"));
        if (header.isPresent()) {
            Optional<String> deviceId = QueryParams.get(connection.handshakeRequest().query(), "deviceId");
            if (!header.get().startsWith(BEARER) || deviceId.isEmpty()) {
                reject(connection, "the Authorization header needs 'Bearer <token>' and the deviceId query parameter");
                return;
            }
            authenticate(session, deviceId.get(), header.get().substring(BEARER.length()).trim(), Optional.empty());
        }
    }

    public void onText(WebSocketConnection connection, String text) {
        Optional<DeviceSession> maybe = sessions.session(connection);
        if (maybe.isEmpty()) {
            return;
        }
        DeviceSession session = maybe.get();
        FloodGuard.Verdict verdict = session.floodGuard().check();
        if (verdict != FloodGuard.Verdict.ACCEPT) {
            metrics.counter("doorlock_rate_limited_frames_total", "endpoint", "device-ws").increment();
            if (verdict == FloodGuard.Verdict.REFUSE_AND_WARN) {
                connection.sendText(frames.error(ErrorCode.RATE_LIMITED, "too many frames; slow down", Optional.empty()))
                        .subscribe().with(v -> { }, e -> { });
            } else if (verdict == FloodGuard.Verdict.CLOSE) {
                metrics.counter("doorlock_rate_limited_connections_closed_total", "endpoint", "device-ws").increment();
                LOG.warnf("closing flooding device connection %s (%s)", connection.id(),
                        session.identity().map(DeviceIdentity::deviceId).orElse("unauthenticated"));
                connection.close(new CloseReason(CloseReasons.RATE_LIMITED, "rate limit exceeded")).subscribe().with(v -> { }, e -> { });
            }
            return;
        }
        ValidationResult result = validator.validate(Direction.DEVICE_TO_BACKEND, text);
        if (result instanceof ValidationResult.Invalid invalid) {
            metrics.counter("doorlock_validation_errors_total", "code", invalid.error().code().name(), "endpoint", "device-ws").increment();
            connection.sendTextAndAwait(frames.error(invalid.error(), invalid.id()));
            return;
        }
        ValidationResult.Valid valid = (ValidationResult.Valid) result;
        if (!session.isAuthenticated()) {
            if (valid.message() instanceof DeviceAuthenticate auth) {
                authenticate(session, auth.deviceId(), auth.token(), valid.id());
            } else {
                connection.sendTextAndAwait(frames.error(ErrorCode.UNAUTHENTICATED, "authenticate first", valid.id()));
            }
            return;
        }
        DeviceIdentity device = session.identity().orElseThrow();
        if (valid.message() instanceof DeviceAuthenticate) {
            connection.sendTextAndAwait(frames.error(ErrorCode.INVALID_VALUE, "already authenticated as " + device.deviceId(), valid.id()));
            return;
        }
        FromDevice event = (FromDevice) valid.message();
        Optional<String> claimed = event.claimedDeviceId();
        if (claimed.isPresent() && !claimed.get().equals(device.deviceId())) {
            metrics.counter("doorlock_validation_errors_total", "code", ErrorCode.DEVICE_MISMATCH.name(), "endpoint", "device-ws").increment();
            connection.sendTextAndAwait(frames.error(ErrorCode.DEVICE_MISMATCH,
                    "deviceId " + claimed.get() + " is not this connection's device", valid.id()));
            return;
        }
        try {
            events.publish(device, valid.event(), valid.message(), metadata(session));
        } catch (BusUnavailableException e) {
            LOG.warnf("event %s of %s not accepted: %s", valid.event(), device.deviceId(), e.getMessage());
            connection.sendTextAndAwait(frames.error(ErrorCode.UNAVAILABLE, "the platform could not accept the event; send it again", valid.id()));
        }
    }

    public void onClose(WebSocketConnection connection) {
        sessions.close(connection).ifPresent(closed -> {
            DeviceSession session = closed.session();
            if (session.authTimer() >= 0) {
                vertx.cancelTimer(session.authTimer());
            }
            if (closed.wasLive()) {
                DeviceIdentity device = session.identity().orElseThrow();
                String reason = Optional.ofNullable(connection.closeReason())
                        .map(r -> r.getCode() == 1000 || r.getCode() == 1001 ? "client_disconnect" : "connection_closed_" + r.getCode())
                        .orElse("connection_lost");
                publishQuietly(device, EventNames.DEVICE_DISCONNECTED,
                        new DeviceDisconnected(device.deviceId(), device.name(), reason, Optional.of(Instant.now())), session);
                LOG.infof("device %s disconnected (%s)", device.deviceId(), reason);
            }
        });
    }

    private void publishQuietly(DeviceIdentity device, String event, Object data, DeviceSession session) {
        try {
            events.publish(device, event, data, metadata(session));
        } catch (BusUnavailableException e) {
            LOG.warnf("%s of %s not published: %s", event, device.deviceId(), e.getMessage());
        }
    }

    private void authenticate(DeviceSession session, String deviceId, String token, Optional<String> requestId) {
        WebSocketConnection connection = session.connection();
        Optional<DeviceIdentity> identity = credentials.authenticate(deviceId, token);
        if (identity.isEmpty()) {
            connection.sendTextAndAwait(frames.error(ErrorCode.AUTH_FAILED, "unknown device or wrong token", requestId));
            reject(connection, "authentication failed");
            return;
        }
        if (session.authTimer() >= 0) {
            vertx.cancelTimer(session.authTimer());
        }
        boolean replaced = sessions.attach(session, identity.get());
        // A rotation or delete that landed between the check and the attach could not close this socket: check again.
        if (credentials.authenticate(deviceId, token).isEmpty()) {
            connection.closeAndAwait(new CloseReason(CloseReasons.CREDENTIALS_REVOKED, "credentials changed while connecting"));
            return;
        }
        metrics.counter("doorlock_device_handshakes_total", "result", "accepted", "reason", "ok").increment();
        connection.sendTextAndAwait(frames.event(EventNames.AUTHENTICATED, new DeviceAuthenticated(deviceId), requestId));
        if (!replaced) {
            DeviceIdentity device = identity.get();
            publishQuietly(device, EventNames.DEVICE_CONNECTED, new DeviceConnected(deviceId, device.name(), Instant.now()), session);
        }
        LOG.infof("device %s connected over WebSocket from %s", deviceId, session.remoteAddress().orElse("?"));
    }

    private void reject(WebSocketConnection connection, String reason) {
        metrics.counter("doorlock_device_handshakes_total", "result", "rejected", "reason", "credentials").increment();
        connection.closeAndAwait(new CloseReason(CloseReasons.AUTH_FAILED, reason));
    }

    private static ConnectionMetadata metadata(DeviceSession session) {
        return new ConnectionMetadata(session.remoteAddress(), session.userAgent(), Optional.of(session.connection().id()), Transport.WEBSOCKET);
    }
}
