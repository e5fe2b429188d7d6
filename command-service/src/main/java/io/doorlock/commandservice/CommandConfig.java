package io.doorlock.commandservice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Deadlines of commands. A command not delivered before its deadline is never delivered. */
@ConfigMapping(prefix = "doorlock.commands")
public interface CommandConfig {

    /** Default deadline per command type, from creation. */
    Ttl ttl();

    /**
     * A command written to the device ({@code sent}) without a {@code received} ack within this time is sent again
     * with the same id (the device treats a repeated id as already handled). A queued command whose dispatch found
     * no taker is dispatched again after the same time.
     */
    @WithDefault("10s")
    Duration ackTimeout();

    /**
     * Deliveries per command (times a gateway wrote it to the device), the first one included; a {@code sent}
     * command still without ack after them is {@code timed_out}. Dispatches that found the device offline do not count.
     */
    @WithDefault("3")
    int maxAttempts();

    /**
     * A queued command of a device believed offline is still dispatched this often, in case its
     * {@code device_connected} was missed; the gateway drops it if the device really is offline.
     */
    @WithDefault("60s")
    Duration offlineRetry();

    /** A {@code received} command without {@code executed} / {@code failed} within this time is {@code timed_out}. */
    @WithDefault("60s")
    Duration executionTimeout();

    /** The same for {@code firmware_update}, which downloads and flashes an image. */
    @WithDefault("30m")
    Duration firmwareExecutionTimeout();

    /**
     * A queued command is marked {@code expired} this long after its deadline, so that a delivery receipt written
     * just before the deadline lands first. No dispatch is ever published past the deadline itself.
     */
    @WithDefault("2s")
    Duration expiryGrace();

    /** How often each replica looks for commands whose deadline or timeout has passed. */
    @WithDefault("1s")
    Duration sweepInterval();

    /** No request may ask for a deadline later than this, whatever the type. */
    @WithDefault("24h")
    Duration maxTtl();

    interface Ttl {
        /** {@code lock_door}: short, a lock that happens minutes late is a surprise. */
        @WithDefault("30s")
        Duration lockDoor();

        /** {@code unlock_door}: short, a door that unlocks minutes after the request is a security hole. */
        @WithDefault("30s")
        Duration unlockDoor();

        /** {@code request_snapshot}. */
        @WithDefault("60s")
        Duration requestSnapshot();

        /** {@code update_settings}: settings still apply when the device comes back later. */
        @WithDefault("1h")
        Duration updateSettings();

        /** {@code restart_device}. */
        @WithDefault("5m")
        Duration restartDevice();

        /** {@code firmware_update}: may wait for the device to come online. */
        @WithDefault("24h")
        Duration firmwareUpdate();
    }
}
