package io.doorlock.gatewaybase.connection;

import io.quarkus.websockets.next.HttpUpgradeCheck.CheckResult;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The answer of a WebSocket upgrade check that admits new clients or tells them when to come back. */
public final class AdmissionAnswer {

    private AdmissionAnswer() {
    }

    /** Permits the upgrade when {@code retryAfterSeconds} is empty; otherwise refuses it with 503 and {@code Retry-After}. */
    public static Uni<CheckResult> of(OptionalLong retryAfterSeconds) {
        if (retryAfterSeconds.isEmpty()) {
            return CheckResult.permitUpgrade();
        }
        return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of(Long.toString(retryAfterSeconds.getAsLong()))));
    }
}
