package io.doorlock.common.dashboard;

import jakarta.validation.constraints.NotBlank;

/** {@code authenticated}: the server accepted the dashboard's token ("Connection confirmed" in the seed). */
public record DashboardAuthenticated(@NotBlank String userId, @NotBlank String username, @NotBlank String role) {}
