package io.doorlock.devicegateway.credentials;

import io.doorlock.common.bus.DeviceCredentialRecord;
import io.doorlock.common.envelope.CloseReasons;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.devicegateway.connection.DeviceSessions;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * This gateway's copy of the registry's device credentials, fed by the retained records on
 * {@code doorlock/v1/registry/devices/+}: on subscription the broker hands over every device, then every change.
 * A new token hash or a deletion closes the device's live socket here (4403), so a rotated or deleted token stops
 * working at once.
 */
@ApplicationScoped
public class RegistryProjection {

    private static final Logger LOG = Logger.getLogger(RegistryProjection.class);

    private final ConcurrentMap<String, DeviceCredentialRecord> devices = new ConcurrentHashMap<>();
    private final JsonCodec codec;
    private final DeviceSessions sessions;

    public RegistryProjection(JsonCodec codec, DeviceSessions sessions) {
        this.codec = codec;
        this.sessions = sessions;
    }

    @Incoming("registry")
    public CompletionStage<Void> onRecord(Message<byte[]> message) {
        try {
            Optional<String> deviceId = message.getMetadata(ReceivingMqttMessageMetadata.class)
                    .flatMap(m -> Topics.deviceOfRegistryTopic(m.getTopic()));
            deviceId.ifPresent(id -> apply(id, message.getPayload()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "applying a registry record failed");
        }
        return message.ack();
    }

    void apply(String deviceId, byte[] payload) {
        if (payload == null || payload.length == 0) {
            if (devices.remove(deviceId) != null) {
                revoke(deviceId, "device deleted");
            }
            return;
        }
        DeviceCredentialRecord record;
        try {
            record = codec.decode(payload, DeviceCredentialRecord.class);
        } catch (RuntimeException e) {
            LOG.warnf("unreadable registry record for %s skipped", deviceId);
            return;
        }
        if (!deviceId.equals(record.deviceId()) || record.tokenSha256() == null) {
            LOG.warnf("registry record on the topic of %s names %s or has no token; skipped", deviceId, record.deviceId());
            return;
        }
        DeviceCredentialRecord previous = devices.get(deviceId);
        if (previous != null && record.updatedAt() != null && previous.updatedAt() != null
                && record.updatedAt().isBefore(previous.updatedAt())) {
            LOG.debugf("older registry record for %s ignored", deviceId);
            return;
        }
        devices.put(deviceId, record);
        if (previous != null && !previous.tokenSha256().equals(record.tokenSha256())) {
            revoke(deviceId, "device token rotated");
        }
    }

    public Optional<DeviceCredentialRecord> get(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    public int size() {
        return devices.size();
    }

    private void revoke(String deviceId, String reason) {
        sessions.ofDevice(deviceId).ifPresent(session -> {
            LOG.infof("closing the connection of %s: %s", deviceId, reason);
            session.connection().close(new CloseReason(CloseReasons.CREDENTIALS_REVOKED, reason))
                    .subscribe().with(v -> { }, e -> LOG.debugf("closing a revoked connection failed: %s", e.getMessage()));
        });
    }
}
