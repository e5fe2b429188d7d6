package io.doorlock.dashboardgateway.registry;

import io.doorlock.base.bus.BusPublisher;
import io.doorlock.common.bus.DeviceCredentialRecord;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Objects;

/**
 * Tells the device gateways (and, later, the broker's device ACLs) about registry changes: one retained record per
 * device on {@code doorlock/v1/registry/devices/{id}}, cleared when the device is deleted. Retained, so a gateway
 * that starts later still learns every device at subscription time.
 */
@ApplicationScoped
public class RegistryPublisher {

    private final BusPublisher bus;
    private final JsonCodec codec;
    private final DeviceRepository devices;
    private final RegistrySequence versions;
    private final Clock clock;

    public RegistryPublisher(BusPublisher bus, JsonCodec codec, DeviceRepository devices, RegistrySequence versions, Clock clock) {
        this.bus = bus;
        this.codec = codec;
        this.devices = devices;
        this.versions = versions;
        this.clock = clock;
    }

    /**
     * Publishes the device's record, then reads the registry again: if a concurrent change (or a delete) happened
     * meanwhile, its newer state is published too, so the retained record always ends at the registry's latest state
     * whatever order the publishes reach the broker in.
     */
    public void publish(DeviceDocument device) {
        DeviceDocument current = device;
        for (int round = 0; round < 5; round++) {
            send(current);
            Optional<DeviceDocument> fresh = devices.findByIdOptional(current.id);
            if (fresh.isEmpty()) {
                remove(current.id);
                return;
            }
            if (Objects.equals(fresh.get().updatedAt, current.updatedAt)
                    && Objects.equals(fresh.get().tokenSha256, current.tokenSha256)) {
                return;
            }
            current = fresh.get();
        }
    }

    /** Each record gets the next version and dashboard-gateway's signature; gateways believe nothing else. */
    private void send(DeviceDocument device) {
        DeviceCredentialRecord record = new DeviceCredentialRecord(device.id, device.userId, device.name, device.deviceType,
                device.tokenSha256, Optional.ofNullable(device.updatedAt).orElse(Instant.EPOCH), versions.next(), false);
        bus.publishSigned(Topics.registryDevice(device.id), codec.encodeBytes(record), true);
    }

    /** A signed tombstone, retained: a gateway closes the device's socket and refuses it from then on. */
    public void remove(String deviceId) {
        DeviceCredentialRecord tombstone = DeviceCredentialRecord.tombstone(deviceId, versions.next(), clock.instant());
        bus.publishSigned(Topics.registryDevice(deviceId), codec.encodeBytes(tombstone), true);
    }
}
