package io.doorlock.dashboardgateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The visitor flow: doorbell photos, decisions, expiry. */
@ConfigMapping(prefix = "doorlock.visitors")
public interface VisitorConfig {

    /** A visitor nobody decided on within this time becomes {@code expired} and can no longer be let in. */
    @WithDefault("5m")
    Duration pendingTimeout();

    /** Largest photo accepted, in bytes (device-gateway enforces the same limit before forwarding). */
    @WithDefault("5242880")
    int maxImageBytes();

    /** How long the door stays unlocked when a visitor is let in ({@code unlock_door.duration}, ms). */
    @WithDefault("5000")
    int unlockDurationMs();

    /**
     * Shared secret device-gateway presents on {@code POST /internal/visitors} (header {@code X-Doorlock-Internal-Token}).
     * Unset: the internal route refuses everything. From a Secret: DOORLOCK_VISITORS_INTERNAL_TOKEN.
     */
    Optional<String> internalToken();

    /** How often expired visitors are looked for. */
    @WithDefault("5s")
    Duration sweepInterval();
}
