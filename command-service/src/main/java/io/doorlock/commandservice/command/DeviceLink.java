package io.doorlock.commandservice.command;

import java.util.Optional;

/**
 * What command-service last heard about a device's links ({@link DeviceLinks}).
 *
 * @param offline the last presence event said the device went offline (a device never heard of is not)
 * @param gatewayId the device-gateway replica that held the device's socket at its last {@code device_connected};
 *        absent when that event named none (an MQTT-only device, or an event from before the field)
 */
public record DeviceLink(boolean offline, Optional<String> gatewayId) {

    /** A device never heard of: counted as online, holder unknown. */
    public static final DeviceLink UNKNOWN = new DeviceLink(false, Optional.empty());
}
