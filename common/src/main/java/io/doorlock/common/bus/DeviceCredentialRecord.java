package io.doorlock.common.bus;

import java.time.Instant;

/**
 * What a device gateway needs to know of a registered device, published retained by the registry: its owner, its
 * name and the SHA-256 of its current token. Never the token itself.
 */
public record DeviceCredentialRecord(String deviceId, String ownerId, String name, String deviceType, String tokenSha256, Instant updatedAt) {}
