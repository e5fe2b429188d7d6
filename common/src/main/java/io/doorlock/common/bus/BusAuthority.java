package io.doorlock.common.bus;

import java.util.Map;
import java.util.Set;

/**
 * Who may say what on the bus: each message type has the producers allowed to publish it, and a consumer drops a
 * correctly signed message from any other producer. The registry's records are dashboard-gateway's alone.
 */
public final class BusAuthority {

    public static final String DEVICE_GATEWAY = "device-gateway";
    public static final String DASHBOARD_GATEWAY = "dashboard-gateway";
    public static final String COMMAND_SERVICE = "command-service";
    public static final String AUDIT_SERVICE = "audit-service";
    /** The pseudo-type of a {@link DeviceCredentialRecord} on {@code registry/devices/{id}}. */
    public static final String REGISTRY_RECORD = "registry.device";

    private static final Set<String> EVERY_SERVICE = Set.of(DEVICE_GATEWAY, DASHBOARD_GATEWAY, COMMAND_SERVICE, AUDIT_SERVICE);
    private static final Map<String, Set<String>> PRODUCERS = Map.ofEntries(
            Map.entry(BusTypes.COMMAND_REQUESTED, Set.of(DASHBOARD_GATEWAY)),
            Map.entry(BusTypes.COMMAND_CANCEL, Set.of(DASHBOARD_GATEWAY)),
            Map.entry(BusTypes.VISITOR_NEW, Set.of(DASHBOARD_GATEWAY)),
            Map.entry(BusTypes.VISITOR_PROCESSED, Set.of(DASHBOARD_GATEWAY)),
            Map.entry(BusTypes.TOKEN_REVOKED, Set.of(DASHBOARD_GATEWAY)),
            Map.entry(REGISTRY_RECORD, Set.of(DASHBOARD_GATEWAY)),
            Map.entry(BusTypes.COMMAND_DISPATCH, Set.of(COMMAND_SERVICE)),
            Map.entry(BusTypes.COMMAND_STATUS, Set.of(COMMAND_SERVICE)),
            Map.entry(BusTypes.COMMAND_DELIVERY, Set.of(DEVICE_GATEWAY)),
            Map.entry(BusTypes.DEVICE_EVENT, Set.of(DEVICE_GATEWAY)),
            Map.entry(BusTypes.SOCKET_REPLACED, Set.of(DEVICE_GATEWAY)),
            Map.entry(BusTypes.SYSTEM_ALERT, EVERY_SERVICE));

    private BusAuthority() {}

    /** Whether {@code producer} may publish messages of {@code type}; unknown types belong to nobody. */
    public static boolean mayPublish(String producer, String type) {
        return PRODUCERS.getOrDefault(type, Set.of()).contains(producer);
    }

    /** The four services that hold bus keys. */
    public static Set<String> services() {
        return EVERY_SERVICE;
    }
}
