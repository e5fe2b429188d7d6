package io.doorlock.common.command;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum SnapshotQuality {
    @JsonProperty("low") LOW,
    @JsonProperty("medium") MEDIUM,
    @JsonProperty("high") HIGH
}
