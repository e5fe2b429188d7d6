package io.doorlock.commandservice.command;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.conversions.Bson;

/**
 * The one rule for "a dispatch may still be on its way to the device": the last dispatch was claimed less than an
 * ack timeout ago. A command never dispatched ({@code attempts} 0: a claim raises {@code attempts} and sets
 * {@code lastDispatchAt} in the same update) has none in flight, and neither has one whose last dispatch is exactly an
 * ack timeout old. A queued command is cancelled or expired only when none is in flight, so that a door cannot open
 * while its history says {@code cancelled} or {@code expired}. Written here in both its forms, side by side: for
 * {@link CommandRules} on a snapshot, and as a filter for the database.
 */
public final class DispatchInFlight {

    private final Duration ackTimeout;

    public DispatchInFlight(Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
    }

    /** Whether a dispatch claimed at {@code lastDispatchAt} may still be on its way at {@code now}. */
    public boolean at(Optional<Instant> lastDispatchAt, Instant now) {
        return lastDispatchAt.filter(last -> last.isAfter(cutoff(now))).isPresent();
    }

    /** At {@code now}, only dispatches claimed after this instant are in flight. */
    public Instant cutoff(Instant now) {
        return now.minus(ackTimeout);
    }

    /** Matches the commands that have no dispatch in flight at {@code now}. */
    public Bson noneAt(Instant now) {
        return noneAfter(cutoff(now));
    }

    /** Matches the commands with no dispatch claimed after {@code cutoff}: never dispatched, or last at or before it. */
    public static Bson noneAfter(Instant cutoff) {
        return or(eq("lastDispatchAt", null), lte("lastDispatchAt", Date.from(cutoff)));
    }
}
