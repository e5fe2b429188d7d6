package io.doorlock.common.bus;

import java.time.Instant;

/**
 * What a device gateway needs to know of a registered device, published retained and signed by dashboard-gateway's
 * registry: its owner, its name and the SHA-256 of its current token. Never the token itself.
 *
 * @param version from one sequence of the registry that only grows: a gateway ignores a record whose version is not
 *                above the one it holds for the device (a timestamp from a message is never believed)
 * @param deleted a tombstone: the device was deleted; its version still counts, so an older record cannot bring the
 *                device back
 * @param updatedAt when the registry last changed the device (informational only)
 */
public record DeviceCredentialRecord(
        String deviceId, String ownerId, String name, String deviceType, String tokenSha256, Instant updatedAt, long version, boolean deleted) {

    /** The tombstone of a deleted device. */
    public static DeviceCredentialRecord tombstone(String deviceId, long version, Instant at) {
        return new DeviceCredentialRecord(deviceId, null, null, null, null, at, version, true);
    }
}
