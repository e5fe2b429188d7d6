package io.doorlock.common.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum VisitorDecision {
    @JsonProperty("granted") GRANTED,
    @JsonProperty("denied") DENIED,
    @JsonProperty("expired") EXPIRED
}
