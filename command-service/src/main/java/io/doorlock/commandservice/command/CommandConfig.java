package io.doorlock.commandservice.command;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Deadlines of commands. A command not delivered before its deadline is never delivered. */
@ConfigMapping(prefix = "doorlock.commands")
public interface CommandConfig {

    /** Default deadline per command type, from creation. */
    Ttl ttl();

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
