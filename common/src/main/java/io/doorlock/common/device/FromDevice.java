package io.doorlock.common.device;

import java.util.Optional;

/**
 * A Device-to-Backend event. {@link #claimedDeviceId()} is the device id written inside the event, if any; a
 * gateway rejects an event whose claimed id is not the authenticated device's ({@code DEVICE_MISMATCH}).
 */
public interface FromDevice {
    Optional<String> claimedDeviceId();
}
