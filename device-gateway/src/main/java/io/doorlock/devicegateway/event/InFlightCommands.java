package io.doorlock.devicegateway.event;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Correlation ids of the commands this instance sent recently, so that a device's ack can be tied to the request that
 * caused it in the audit trail. Recorded before the command is written, since the ack may be handled on another thread
 * before the writer goes on. Bounded; an unknown command (an ack handled by another replica) falls back to its command id.
 */
@ApplicationScoped
public class InFlightCommands {

    private static final int CAPACITY = 50_000;

    private final Map<String, String> correlations = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CAPACITY;
        }
    };

    public synchronized void sending(String deviceId, String commandId, String correlationId) {
        correlations.put(deviceId + '/' + commandId, correlationId);
    }

    /** Keyed by device too, so one device's ack can never borrow another device's correlation id. */
    public synchronized Optional<String> correlationOf(String deviceId, String commandId) {
        return Optional.ofNullable(correlations.get(deviceId + '/' + commandId));
    }
}
