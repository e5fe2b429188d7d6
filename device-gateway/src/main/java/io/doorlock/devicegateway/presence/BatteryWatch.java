package io.doorlock.devicegateway.presence;

import io.doorlock.devicegateway.DeviceGatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Decides when {@code low_battery} is reported: once when the level falls below the threshold, again only after it
 * has climbed back above threshold + hysteresis. The flag lives in the presence document, so replicas and restarts
 * agree; a local cache spares the database a write on every heartbeat of a healthy device.
 */
@ApplicationScoped
public class BatteryWatch {

    private final PresenceStore store;
    private final int threshold;
    private final int recovered;
    /** Devices known not to be flagged low. Bounded by the fleet size; entries go when a device times out. */
    private final ConcurrentMap<String, Boolean> known = new ConcurrentHashMap<>();

    public BatteryWatch(PresenceStore store, DeviceGatewayConfig config) {
        this.store = store;
        this.threshold = config.presence().lowBatteryThreshold();
        this.recovered = threshold + config.presence().lowBatteryHysteresis();
    }

    /** A level from a heartbeat. True when it crossed below the threshold now, so {@code low_battery} must be emitted. */
    public boolean crossedLow(String deviceId, int level) {
        if (level < threshold) {
            return flag(deviceId, true);
        }
        if (level >= recovered) {
            flag(deviceId, false);
        }
        return false;
    }

    /** The device reported {@code low_battery} itself. True unless it was already reported for this crossing. */
    public boolean admitReport(String deviceId) {
        return flag(deviceId, true);
    }

    private boolean flag(String deviceId, boolean low) {
        if (!low && Boolean.FALSE.equals(known.get(deviceId))) {
            return false;
        }
        boolean changed = store.flagLowBattery(deviceId, low);
        // Only "not low" is cached: another replica may clear the flag when the battery recovers, so a low reading
        // always asks the database. Healthy devices, the common case, cost no write per heartbeat.
        if (low) {
            known.remove(deviceId);
        } else {
            known.put(deviceId, Boolean.FALSE);
        }
        return changed;
    }

    /** Forget the cached flag (the device went offline; another replica may see it next). */
    public void forget(String deviceId) {
        known.remove(deviceId);
    }
}
