package io.doorlock.dashboardgateway.registry;

import io.doorlock.base.bus.BusPublisher;
import io.doorlock.common.bus.DeviceCredentialRecord;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * Tells the device gateways (and, later, the broker's device ACLs) about registry changes: one retained record per
 * device on {@code doorlock/v1/registry/devices/{id}}, cleared when the device is deleted. Retained, so a gateway
 * that starts later still learns every device at subscription time.
 */
@ApplicationScoped
public class RegistryPublisher {

    private final BusPublisher bus;
    private final JsonCodec codec;

    public RegistryPublisher(BusPublisher bus, JsonCodec codec) {
        this.bus = bus;
        this.codec = codec;
    }

    public void publish(DeviceDocument device) {
        DeviceCredentialRecord record = new DeviceCredentialRecord(device.id, device.userId, device.name, device.deviceType,
                device.tokenSha256, Optional.ofNullable(device.updatedAt).orElse(Instant.now()));
        bus.publishRaw(Topics.registryDevice(device.id), codec.encodeBytes(record), true);
    }

    public void remove(String deviceId) {
        bus.publishRaw(Topics.registryDevice(deviceId), new byte[0], true);
    }
}
