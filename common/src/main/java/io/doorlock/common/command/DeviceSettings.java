package io.doorlock.common.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Optional;

/** Settings a device accepts in {@code update_settings}. At least one must be given. */
public record DeviceSettings(
        Optional<@Min(0) @Max(100) Integer> motionSensitivity,
        Optional<CaptureMode> captureMode,
        Optional<@Min(10) @Max(30) Integer> heartbeatIntervalSeconds,
        Optional<@Min(0) @Max(100) Integer> lowBatteryThreshold) {

    @JsonIgnore
    @AssertTrue(message = "at least one setting must be given")
    public boolean isNotEmpty() {
        return motionSensitivity.isPresent()
                || captureMode.isPresent()
                || heartbeatIntervalSeconds.isPresent()
                || lowBatteryThreshold.isPresent();
    }
}
