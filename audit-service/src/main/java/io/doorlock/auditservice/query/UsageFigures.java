package io.doorlock.auditservice.query;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Locale;

/** The seed's {@code GET /api/health/metrics} figures, computed from the audit trail. */
@RegisterForReflection
public record UsageFigures(Period period) {

    /** The two windows. */
    @RegisterForReflection
    public record Period(Last24Hours last24Hours, LastHour lastHour) {}

    /** Counts over the last 24 hours; {@code errorRate} is errors per event, as the seed formats it ({@code "2.22%"}). */
    @RegisterForReflection
    public record Last24Hours(long events, long visitors, long commands, long errors, String errorRate) {}

    /** Events over the last hour, and per minute ({@code "10.42"}). */
    @RegisterForReflection
    public record LastHour(long events, String eventsPerMinute) {}

    public static UsageFigures of(long events24h, long visitors24h, long commands24h, long errors24h, long eventsLastHour) {
        String errorRate = events24h == 0 ? "0.00%" : String.format(Locale.ROOT, "%.2f%%", errors24h * 100.0 / events24h);
        return new UsageFigures(new Period(new Last24Hours(events24h, visitors24h, commands24h, errors24h, errorRate),
                new LastHour(eventsLastHour, String.format(Locale.ROOT, "%.2f", eventsLastHour / 60.0))));
    }
}
