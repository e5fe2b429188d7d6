package io.doorlock.common.device;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum DoorState {
    @JsonProperty("locked") LOCKED,
    @JsonProperty("unlocked") UNLOCKED
}
