package io.doorlock.localrun.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Moquette has no shared subscriptions, so on the embedded broker the local run subscribes each service's single
 * replica to the plain topics instead. This gives each role, next to every {@code subscribePattern}
 * {@code $share/<group>/<filter>} of {@code service-roles.json}, the same ACL for the plain {@code <filter>}: exactly
 * the topics the services then use, nothing more (a service that may not read a topic shared may not read it plain).
 * Mosquitto never gets these ACLs.
 */
final class SharedSubscriptionFallback {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHARE = "$share/";

    private SharedSubscriptionFallback() {}

    /** The extra {@code addRoleACL} commands for a batch of role commands (the plugin's JSON). */
    static List<Map<String, Object>> plainTopics(String roleCommands) {
        List<Map<String, Object>> extra = new ArrayList<>();
        try {
            for (JsonNode command : JSON.readTree(roleCommands).path("commands")) {
                String topic = command.path("topic").asText("");
                if (command.path("command").asText().equals("addRoleACL") && command.path("acltype").asText().equals(AclRule.SUBSCRIBE_PATTERN)
                        && command.path("allow").asBoolean(false) && topic.startsWith(SHARE) && topic.indexOf('/', SHARE.length()) > 0) {
                    extra.add(Map.of("command", "addRoleACL", "rolename", command.path("rolename").asText(), "acltype", AclRule.SUBSCRIBE_PATTERN,
                            "topic", topic.substring(topic.indexOf('/', SHARE.length()) + 1), "allow", true));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return extra;
    }
}
