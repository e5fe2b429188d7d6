package io.doorlock.dashboardgateway.registry;

import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Optional;

/** Bodies of the {@code /api/device} routes. */
public final class DeviceRequests {
    private DeviceRequests() {}

    static final String DEVICE_TYPE = "^(esp32-cam|door-lock|motion-sensor)$";

    /** {@code POST /api/device/register}. */
    public record Register(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Pattern(regexp = Ids.ID_PATTERN) String espId,
            @NotBlank @Pattern(regexp = DEVICE_TYPE, message = "must be esp32-cam, door-lock or motion-sensor") String deviceType) {}

    /** {@code PUT /api/device/:id}: what a user with control may change. */
    public record Update(
            Optional<@NotBlank @Size(max = 100) String> name,
            Optional<@Pattern(regexp = DEVICE_TYPE, message = "must be esp32-cam, door-lock or motion-sensor") String> deviceType) {}

    /**
     * {@code POST /api/device/:id/share}: to a user by {@code username} or {@code userId}. The highest level listed
     * counts; each implies the ones before it ({@code admin} gives view, control and admin).
     */
    public record Share(
            Optional<@Size(max = 64) String> username,
            Optional<@Size(max = 64) String> userId,
            @NotEmpty List<@Pattern(regexp = "^(view|control|admin)$", message = "must be view, control or admin") String> permissions) {}
}
