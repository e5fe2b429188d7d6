package io.doorlock.bench.compare;

/**
 * A device's credentials on the target.
 *
 * @param id the id the target gave the device
 * @param token its secret
 */
record DeviceLogin(String id, String token) {}
