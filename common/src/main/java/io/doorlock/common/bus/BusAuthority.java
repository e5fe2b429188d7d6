package io.doorlock.common.bus;

import java.util.List;
import java.util.Map;

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

    private static final List<String> EVERY_SERVICE = List.of(DEVICE_GATEWAY, DASHBOARD_GATEWAY, COMMAND_SERVICE, AUDIT_SERVICE);
    private static final Map<String, List<String>> PRODUCERS = Map.ofEntries(
            Map.entry(BusTypes.COMMAND_REQUESTED, List.of(DASHBOARD_GATEWAY)),
            Map.entry(BusTypes.COMMAND_CANCEL, List.of(DASHBOARD_GATEWAY)),
            Map.entry(BusTypes.VISITOR_NEW, List.of(DASHBOARD_GATEWAY)),
            Map.entry(BusTypes.VISITOR_PROCESSED, List.of(DASHBOARD_GATEWAY)),
            Map.entry(BusTypes.TOKEN_REVOKED, List.of(DASHBOARD_GATEWAY)),
            Map.entry(REGISTRY_RECORD, List.of(DASHBOARD_GATEWAY)),
            Map.entry(BusTypes.COMMAND_DISPATCH, List.of(COMMAND_SERVICE)),
            Map.entry(BusTypes.COMMAND_STATUS, List.of(COMMAND_SERVICE)),
            Map.entry(BusTypes.COMMAND_DELIVERY, List.of(DEVICE_GATEWAY)),
            Map.entry(BusTypes.DEVICE_EVENT, List.of(DEVICE_GATEWAY)),
            Map.entry(BusTypes.SOCKET_REPLACED, List.of(DEVICE_GATEWAY)),
            Map.entry(BusTypes.SYSTEM_ALERT, EVERY_SERVICE));

    private BusAuthority() {}

    /** Whether {@code producer} may publish messages of {@code type}; unknown types belong to nobody. */
    public static boolean mayPublish(String producer, String type) {
        return producers(type).contains(producer);
    }

    /** The producers that may publish messages of {@code type}; empty for an unknown type. */
    public static List<String> producers(String type) {
        return PRODUCERS.getOrDefault(type, List.of());
    }
}
