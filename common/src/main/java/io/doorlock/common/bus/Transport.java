package io.doorlock.common.bus;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a message reached or left a device. */
public enum Transport {
    @JsonProperty("websocket") WEBSOCKET,
    @JsonProperty("mqtt") MQTT,
    @JsonProperty("http") HTTP,
    @JsonProperty("system") SYSTEM
}
