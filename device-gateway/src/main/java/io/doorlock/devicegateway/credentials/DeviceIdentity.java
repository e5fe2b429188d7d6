package io.doorlock.devicegateway.credentials;

import java.util.Optional;

/** Who an authenticated device is: its id, its owner and its display name. */
public record DeviceIdentity(String deviceId, Optional<String> ownerId, String name) {}
