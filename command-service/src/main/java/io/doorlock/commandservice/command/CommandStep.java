package io.doorlock.commandservice.command;

import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.bus.Transport;
import io.doorlock.common.device.AckStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Something that happens to a command, for {@link CommandRules} to decide on. Every step carries the time it is
 * decided at, read by the caller from command-service's injected {@code Clock}: the rules never read a clock.
 */
public sealed interface CommandStep {

    /** When the step is decided. */
    Instant now();

    /**
     * A user's request, its permission and payload already checked ({@link RequestAdmission}).
     *
     * @param deviceOffline the device links say the device is offline
     */
    record Request(CommandRequested request, boolean deviceOffline, Instant now) implements CommandStep {}

    /** Dispatch a queued command: just created, requested again before any dispatch, or its device came online. */
    record Dispatch(Instant now) implements CommandStep {}

    /** A gateway's receipt: it wrote the command to the device (for an MQTT device: the broker took it). */
    record Delivery(String deviceId, Transport transport, Instant now) implements CommandStep {}

    /** The device's ack, from the device {@code deviceId}. */
    record Ack(String deviceId, AckStatus status, Optional<String> errorMessage, Instant now) implements CommandStep {}

    /** A user's cancel of a command of {@code deviceId}. */
    record Cancel(String deviceId, String requestedBy, Instant now) implements CommandStep {}

    /** The sweeper found a queued command past its deadline and the expiry grace. */
    record Expire(Instant now) implements CommandStep {}

    /**
     * The sweeper found a queued or sent command whose {@code nextAttemptAt} has come.
     *
     * @param deviceOffline the device links say the device is offline
     */
    record AttemptDue(boolean deviceOffline, Instant now) implements CommandStep {}

    /** The sweeper found a received command past its execution timeout. */
    record ExecutionTimeout(Instant now) implements CommandStep {}
}
