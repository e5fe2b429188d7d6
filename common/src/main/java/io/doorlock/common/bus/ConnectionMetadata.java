package io.doorlock.common.bus;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;

/** Where a device message came from; the seed's {@code DeviceEvent.metadata}. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ConnectionMetadata(Optional<String> ipAddress, Optional<String> userAgent, Optional<String> socketId, Transport source) {}
