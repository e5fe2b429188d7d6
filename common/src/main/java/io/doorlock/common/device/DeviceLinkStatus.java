package io.doorlock.common.device;

import io.doorlock.common.dashboard.PresenceStatus;
import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Optional;

/**
 * The payload of an MQTT device's status topic ({@code doorlock/v1/devices/{deviceId}/status}): {@code online}
 * right after connecting, and {@code offline} as its Last Will. Either the bare word, or
 * {@code {"status": "online", "session": "<random id per MQTT connection>"}}: with a session id the gateway can tell
 * the Will of a dead connection from the status of the connection that replaced it.
 */
public record DeviceLinkStatus(
        @NotNull PresenceStatus status,
        Optional<@Pattern(regexp = Ids.ID_PATTERN) String> session) {

    public static DeviceLinkStatus of(PresenceStatus status) {
        return new DeviceLinkStatus(status, Optional.empty());
    }
}
