package io.doorlock.common.command;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum CaptureMode {
    @JsonProperty("on_motion") ON_MOTION,
    @JsonProperty("continuous") CONTINUOUS,
    @JsonProperty("manual") MANUAL
}
