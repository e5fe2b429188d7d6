package io.doorlock.devicegateway.credentials;

import io.doorlock.base.bus.BusKeyring;
import io.doorlock.common.bus.BusAuthority;
import io.doorlock.common.bus.DeviceCredentialRecord;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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
 * A new token hash or a deletion is announced as {@link CredentialsRevoked}, on which the device's live socket here is
 * closed (4403), so a rotated or deleted token stops working at once.
 */
@ApplicationScoped
public class RegistryProjection {

    private static final Logger LOG = Logger.getLogger(RegistryProjection.class);

    private final ConcurrentMap<String, DeviceCredentialRecord> devices = new ConcurrentHashMap<>();
    private final JsonCodec codec;
    private final Event<CredentialsRevoked> revocations;
    private final BusKeyring keyring;

    public RegistryProjection(JsonCodec codec, Event<CredentialsRevoked> revocations, BusKeyring keyring) {
        this.codec = codec;
        this.revocations = revocations;
        this.keyring = keyring;
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

    /**
     * Applies a record only if dashboard-gateway signed it and its version is above the one held: anything else
     * (unsigned, forged, empty, older, another device's) is dropped and changes nothing.
     */
    void apply(String deviceId, byte[] payload) {
        if (payload == null || payload.length == 0) {
            LOG.debugf("empty registry payload for %s ignored: deletions are signed tombstones", deviceId);
            return;
        }
        Optional<BusKeyring.Verified> verified = keyring.verify(payload);
        if (verified.isEmpty()) {
            return;
        }
        if (!BusAuthority.mayPublish(verified.get().producer(), BusAuthority.REGISTRY_RECORD)) {
            keyring.rejected("wrong_producer");
            return;
        }
        DeviceCredentialRecord record;
        try {
            record = codec.decode(verified.get().json(), DeviceCredentialRecord.class);
        } catch (RuntimeException e) {
            LOG.warnf("unreadable registry record for %s skipped", deviceId);
            return;
        }
        if (!deviceId.equals(record.deviceId()) || (!record.deleted() && record.tokenSha256() == null)) {
            LOG.warnf("registry record on the topic of %s names %s or has no token; skipped", deviceId, record.deviceId());
            return;
        }
        DeviceCredentialRecord previous = devices.get(deviceId);
        if (previous != null && record.version() <= previous.version()) {
            LOG.debugf("registry record %s for %s ignored: %s is held", Long.toString(record.version()), deviceId, Long.toString(previous.version()));
            return;
        }
        devices.put(deviceId, record);
        if (record.deleted()) {
            if (previous != null && !previous.deleted()) {
                revoke(deviceId, "device deleted");
            }
        } else if (previous != null && !previous.deleted() && !previous.tokenSha256().equals(record.tokenSha256())) {
            revoke(deviceId, "device token rotated");
        }
    }

    /** The device's current record; empty when it is unknown or deleted. */
    public Optional<DeviceCredentialRecord> get(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId)).filter(record -> !record.deleted());
    }

    /** Devices known and not deleted. */
    public int size() {
        return (int) devices.values().stream().filter(record -> !record.deleted()).count();
    }

    private void revoke(String deviceId, String reason) {
        revocations.fire(new CredentialsRevoked(deviceId, reason));
    }
}
