package io.doorlock.common.device;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a device reports about a command: it arrived ({@code received}), or it finished ({@code executed}/{@code failed}). */
public enum AckStatus {
    @JsonProperty("received") RECEIVED,
    @JsonProperty("executed") EXECUTED,
    @JsonProperty("failed") FAILED
}
