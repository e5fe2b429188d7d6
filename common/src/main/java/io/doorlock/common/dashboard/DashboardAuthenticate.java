package io.doorlock.common.dashboard;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code authenticate}: first frame of a dashboard that did not send its JWT on the upgrade request. */
public record DashboardAuthenticate(@NotBlank @Size(max = 8192) String token) {

    @Override
    public String toString() {
        return "DashboardAuthenticate[token=***]";
    }
}
