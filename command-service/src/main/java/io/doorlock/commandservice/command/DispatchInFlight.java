package io.doorlock.commandservice.command;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.conversions.Bson;

/**
 * The one rule for "a dispatch may still be on its way to the device": the last dispatch was published less than an
 * ack timeout ago. A command never dispatched ({@code attempts} 0: {@link CommandRepository#claimDispatch} raises
 * {@code attempts} and sets {@code lastDispatchAt} in the same update) has none in flight, and neither has one whose
 * last dispatch is exactly an ack timeout old. A queued command is cancelled or expired only when none is in flight,
 * so that a door cannot open while its history says {@code cancelled} or {@code expired}.
 */
public final class DispatchInFlight {

    private final Duration ackTimeout;

    public DispatchInFlight(Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
    }

    /** Matches the commands that have no dispatch in flight at {@code now}. */
    public Bson noneAt(Instant now) {
        return or(eq("lastDispatchAt", null), lte("lastDispatchAt", Date.from(now.minus(ackTimeout))));
    }
}
