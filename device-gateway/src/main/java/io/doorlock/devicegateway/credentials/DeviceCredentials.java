package io.doorlock.devicegateway.credentials;

import java.util.Optional;

/** Checks a device token. Implementations compare in constant time and never log the token. */
public interface DeviceCredentials {

    /** The device's identity when {@code token} is its current token; empty otherwise (unknown device or wrong token). */
    Optional<DeviceIdentity> authenticate(String deviceId, String token);

    /**
     * The identity of a known device, without a token: for MQTT devices, whom the broker already authenticated
     * (their client id and username are the device id, and their ACL confines them to their own topics).
     */
    Optional<DeviceIdentity> lookup(String deviceId);
}
