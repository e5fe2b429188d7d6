package io.doorlock.common.topic;

import io.doorlock.common.id.Ids;
import java.util.List;
import java.util.Map;

/**
 * A device's account at the broker, as commands of Mosquitto's dynamic-security plugin: username and client id =
 * device id, password = device token, and a role {@code device-<id>} that allows exactly the device's own topics
 * (it sends events, acks and status; it receives commands and errors). Mosquitto 2.0.11 has no {@code %u}
 * substitution in dynamic security, hence one role per device.
 */
public final class DeviceBrokerAccess {

    private DeviceBrokerAccess() {}

    /** Creates the device's role and client. */
    public static List<Map<String, Object>> create(String deviceId, String password) {
        String role = role(deviceId);
        String base = Topics.DEVICES + "/" + deviceId + "/";
        return List.of(
                DynsecCommands.createRole(role),
                DynsecCommands.allow(role, "publishClientSend", base + Topics.EVENTS),
                DynsecCommands.allow(role, "publishClientSend", base + Topics.ACKS),
                DynsecCommands.allow(role, "publishClientSend", base + Topics.STATUS),
                DynsecCommands.allow(role, "subscribePattern", base + Topics.COMMANDS),
                DynsecCommands.allow(role, "subscribePattern", base + Topics.ERRORS),
                DynsecCommands.allow(role, "publishClientReceive", base + Topics.COMMANDS),
                DynsecCommands.allow(role, "publishClientReceive", base + Topics.ERRORS),
                // The client id is bound too: nobody else can take the device's client id and knock it offline.
                DynsecCommands.createClient(deviceId, password, deviceId, role));
    }

    /** New password, and every live session of the device kicked (disable + enable). */
    public static List<Map<String, Object>> rotate(String deviceId, String password) {
        return List.of(
                Map.of("command", "setClientPassword", "username", deviceId, "password", password),
                Map.of("command", "disableClient", "username", deviceId),
                Map.of("command", "enableClient", "username", deviceId));
    }

    /** Deletes the client (which ends its sessions) and its role. */
    public static List<Map<String, Object>> remove(String deviceId) {
        return List.of(Map.of("command", "deleteClient", "username", deviceId), Map.of("command", "deleteRole", "rolename", role(deviceId)));
    }

    /** The device's role name. */
    public static String role(String deviceId) {
        if (!Ids.isValidId(deviceId)) {
            throw new IllegalArgumentException("not a valid device id: " + deviceId);
        }
        return "device-" + deviceId;
    }
}
