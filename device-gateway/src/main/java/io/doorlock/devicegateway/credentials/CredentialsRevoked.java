package io.doorlock.devicegateway.credentials;

/**
 * A device's credentials stopped being valid: its token was rotated or the device was deleted. Fired (CDI, synchronous)
 * by {@link RegistryProjection} as it applies the record, so that whoever holds the device's connection closes it.
 *
 * @param reason what a closed connection is told ("device token rotated", "device deleted")
 */
public record CredentialsRevoked(String deviceId, String reason) {}
