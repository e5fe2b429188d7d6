package io.doorlock.common.device;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kinds of device the seed names. */
public enum DeviceType {
    @JsonProperty("esp32-cam") ESP32_CAM,
    @JsonProperty("door-lock") DOOR_LOCK,
    @JsonProperty("motion-sensor") MOTION_SENSOR
}
