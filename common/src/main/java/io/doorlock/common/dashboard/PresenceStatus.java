package io.doorlock.common.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum PresenceStatus {
    @JsonProperty("online") ONLINE,
    @JsonProperty("offline") OFFLINE
}
