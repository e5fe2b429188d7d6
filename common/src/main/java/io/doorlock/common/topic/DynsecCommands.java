package io.doorlock.common.topic;

import java.util.List;
import java.util.Map;

/**
 * Commands of Mosquitto's dynamic-security plugin, in its JSON shape ({@code $CONTROL/dynamic-security/v1}): the few
 * that create the platform's roles and accounts.
 */
public final class DynsecCommands {

    private DynsecCommands() {}

    public static Map<String, Object> createRole(String role) {
        return Map.of("command", "createRole", "rolename", role);
    }

    /** Allows one kind of access ({@code publishClientSend}, {@code subscribePattern}, ...) to a topic pattern. */
    public static Map<String, Object> allow(String role, String aclType, String topic) {
        return Map.of("command", "addRoleACL", "rolename", role, "acltype", aclType, "topic", topic, "allow", true);
    }

    /** A client holding one role. */
    public static Map<String, Object> createClient(String username, String password, String role) {
        return Map.of("command", "createClient", "username", username, "password", password, "roles", List.of(Map.of("rolename", role)));
    }

    /** A client holding one role that may connect only with {@code clientId}. */
    public static Map<String, Object> createClient(String username, String password, String clientId, String role) {
        return Map.of("command", "createClient", "username", username, "password", password, "clientid", clientId,
                "roles", List.of(Map.of("rolename", role)));
    }
}
