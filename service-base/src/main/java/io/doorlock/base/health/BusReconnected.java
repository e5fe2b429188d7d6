package io.doorlock.base.health;

import java.time.Instant;

/** Fired (asynchronously) when the service's MQTT bus came back after a loss. */
public record BusReconnected(Instant lostAt, Instant backAt) {}
