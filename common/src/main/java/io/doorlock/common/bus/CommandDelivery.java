package io.doorlock.common.bus;

import java.time.Instant;

/** A device gateway wrote a command to the device's connection ({@code sent}). */
public record CommandDelivery(String commandId, String deviceId, Transport transport, int attempt, Instant deliveredAt, String gatewayId) {}
