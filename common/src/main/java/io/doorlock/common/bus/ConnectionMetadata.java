package io.doorlock.common.bus;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;

/**
 * Where a device message came from; the seed's {@code DeviceEvent.metadata}.
 *
 * @param gatewayId on {@code device_connected}: the device-gateway replica that holds the device's WebSocket after the
 *        change, absent when the device has no socket (MQTT only). command-service routes the device's dispatches
 *        to that replica. Optional, so messages from before the field still decode.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ConnectionMetadata(Optional<String> ipAddress, Optional<String> userAgent, Optional<String> socketId, Transport source,
        Optional<String> gatewayId) {

    /** Metadata that names no holding replica. */
    public ConnectionMetadata(Optional<String> ipAddress, Optional<String> userAgent, Optional<String> socketId, Transport source) {
        this(ipAddress, userAgent, socketId, source, Optional.empty());
    }

    /** The same metadata, naming {@code holder} as the replica that holds the device's socket. */
    public ConnectionMetadata withGatewayId(Optional<String> holder) {
        return new ConnectionMetadata(ipAddress, userAgent, socketId, source, holder);
    }
}
