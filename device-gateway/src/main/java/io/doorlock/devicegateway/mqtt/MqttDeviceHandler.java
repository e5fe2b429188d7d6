package io.doorlock.devicegateway.mqtt;

import io.doorlock.common.bus.ConnectionMetadata;
import io.doorlock.common.bus.Transport;
import io.doorlock.common.dashboard.PresenceStatus;
import io.doorlock.common.device.CommandAck;
import io.doorlock.common.device.DeviceAuthenticate;
import io.doorlock.common.device.DeviceLinkStatus;
import io.doorlock.common.envelope.ErrorCode;
import io.doorlock.common.envelope.ErrorData;
import io.doorlock.common.topic.Topics;
import io.doorlock.common.validation.Direction;
import io.doorlock.common.validation.MessageValidator;
import io.doorlock.common.validation.ValidationResult;
import io.doorlock.devicegateway.presence.ConnectionManager;
import io.doorlock.devicegateway.DeviceGatewayConfig;
import io.doorlock.gatewaybase.connection.FloodGuard;
import io.doorlock.devicegateway.credentials.DeviceCredentials;
import io.doorlock.devicegateway.credentials.DeviceIdentity;
import io.doorlock.devicegateway.intake.DeviceEventIntake;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * What an MQTT device publishes, after the broker authenticated it (username = client id = device id) and its ACL
 * confined it to its own topics. Events and acks are validated by the same validator as WebSocket frames and handed
 * to the same {@link DeviceEventIntake}; an invalid message is not forwarded, and is answered on the device's error
 * topic and counted. {@code online} / {@code offline} on the status topic register and unregister the MQTT link.
 */
@ApplicationScoped
public class MqttDeviceHandler {

    private static final Logger LOG = Logger.getLogger(MqttDeviceHandler.class);
    private static final String ENDPOINT = "device-mqtt";

    private final DeviceCredentials credentials;
    private final MessageValidator validator;
    private final DeviceEventIntake intake;
    private final ConnectionManager connections;
    private final DeviceMqttOutbox outbox;
    private final DeviceGatewayConfig.RateLimit rateLimit;
    private final MeterRegistry metrics;
    private final ConcurrentMap<String, FloodGuard> floodGuards = new ConcurrentHashMap<>();

    public MqttDeviceHandler(DeviceCredentials credentials, MessageValidator validator, DeviceEventIntake intake,
            ConnectionManager connections, DeviceMqttOutbox outbox, DeviceGatewayConfig config, MeterRegistry metrics) {
        this.credentials = credentials;
        this.validator = validator;
        this.intake = intake;
        this.connections = connections;
        this.outbox = outbox;
        this.rateLimit = config.rateLimit();
        this.metrics = metrics;
    }

    public void onMessage(String topic, byte[] payload) {
        Optional<Topics.DeviceTopic> parsed = Topics.parseDeviceTopic(topic);
        if (parsed.isEmpty()) {
            LOG.debugf("message on unexpected topic %s ignored", topic);
            return;
        }
        String deviceId = parsed.get().deviceId();
        Optional<DeviceIdentity> device = credentials.lookup(deviceId);
        if (device.isEmpty()) {
            // Only possible on a broker that lets unknown clients in (the local run): production ACLs stop it earlier.
            reject(deviceId, ErrorData.of(ErrorCode.AUTH_FAILED, "unknown device " + deviceId), Optional.empty());
            return;
        }
        // Link status is exempt: dropping an "online" or a Will would leave presence wrong for up to the timeout.
        if (!Topics.STATUS.equals(parsed.get().suffix()) && !admitted(deviceId)) {
            return;
        }
        switch (parsed.get().suffix()) {
            case Topics.STATUS -> onStatus(device.get(), payload);
            case Topics.EVENTS -> onEvent(device.get(), payload, false);
            case Topics.ACKS -> onEvent(device.get(), payload, true);
            default -> LOG.debugf("message on %s ignored", topic);
        }
    }

    private void onStatus(DeviceIdentity device, byte[] payload) {
        MessageValidator.Outcome<DeviceLinkStatus> status = validator.validateLinkStatus(payload);
        if (status.error().isPresent()) {
            reject(device.deviceId(), status.error().get(), Optional.empty());
            return;
        }
        DeviceLinkStatus link = status.value().orElseThrow();
        if (link.status() == PresenceStatus.ONLINE) {
            connections.mqttUp(device, link.session());
        } else {
            connections.mqttDown(device, link.session(), "mqtt_offline");
            floodGuards.remove(device.deviceId());
        }
    }

    private void onEvent(DeviceIdentity device, byte[] payload, boolean ackTopic) {
        ValidationResult result = validator.validate(Direction.DEVICE_TO_BACKEND, payload);
        if (result instanceof ValidationResult.Invalid invalid) {
            reject(device.deviceId(), invalid.error(), invalid.id());
            return;
        }
        ValidationResult.Valid valid = (ValidationResult.Valid) result;
        if (valid.message() instanceof DeviceAuthenticate) {
            reject(device.deviceId(), ErrorData.of(ErrorCode.INVALID_VALUE,
                    "MQTT devices authenticate at the broker (username and client id = device id, password = device token)"), valid.id());
            return;
        }
        if (ackTopic && !(valid.message() instanceof CommandAck)) {
            reject(device.deviceId(), ErrorData.of(ErrorCode.UNKNOWN_EVENT,
                    "only command_ack is accepted on " + Topics.deviceAcks(device.deviceId()) + "; send other events to .../events"), valid.id());
            return;
        }
        ConnectionMetadata metadata = new ConnectionMetadata(Optional.empty(), Optional.empty(), Optional.empty(), Transport.MQTT);
        intake.accept(device, valid, metadata, Optional.empty()).ifPresent(error -> outbox.sendError(device.deviceId(), error, valid.id()));
    }

    /**
     * The same token bucket as a WebSocket, per device and per replica (the shared subscription spreads a device's
     * messages over the replicas, so N replicas admit up to N times the rate); an MQTT session cannot be closed from
     * here, so floods are dropped. Broker-side limits are the first line of defence.
     */
    private boolean admitted(String deviceId) {
        FloodGuard guard = floodGuards.computeIfAbsent(deviceId,
                id -> new FloodGuard(rateLimit.burst(), rateLimit.framesPerSecond(), rateLimit.closeAfter(), System::nanoTime));
        FloodGuard.Verdict verdict = guard.check();
        if (verdict == FloodGuard.Verdict.ACCEPT) {
            return true;
        }
        metrics.counter("doorlock_rate_limited_frames_total", "endpoint", ENDPOINT).increment();
        if (verdict == FloodGuard.Verdict.REFUSE_AND_WARN) {
            outbox.sendError(deviceId, ErrorData.of(ErrorCode.RATE_LIMITED, "too many messages; slow down"), Optional.empty());
        }
        return false;
    }

    private void reject(String deviceId, ErrorData error, Optional<String> requestId) {
        metrics.counter("doorlock_validation_errors_total", "code", error.code().name(), "endpoint", ENDPOINT).increment();
        outbox.sendError(deviceId, error, requestId);
    }
}
