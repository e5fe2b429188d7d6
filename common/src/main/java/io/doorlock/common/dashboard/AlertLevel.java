package io.doorlock.common.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum AlertLevel {
    @JsonProperty("warning") WARNING,
    @JsonProperty("error") ERROR
}
