package io.doorlock.localrun.broker;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One immutable state of the broker's accounts and roles, and the decisions the dynamic-security plugin takes from it:
 * a client's roles are checked in priority order, each role's ACLs in priority order, the first matching ACL decides,
 * and without one the default decides ({@code $CONTROL} topics are never received by default).
 */
record SecurityRules(Map<String, BrokerClient> clients, Map<String, BrokerRole> roles, DefaultAccess defaults) {

    static final String CONTROL_PREFIX = "$CONTROL";

    SecurityRules {
        clients = Map.copyOf(clients);
        roles = Map.copyOf(roles);
    }

    /** The client, if {@code password} is its password, it is enabled, and {@code clientId} is the one it is bound to (if any). */
    Optional<BrokerClient> authenticate(String username, byte[] password, String clientId) {
        return Optional.ofNullable(username).map(clients::get)
                .filter(c -> !c.disabled())
                .filter(c -> c.clientId().map(bound -> bound.equals(clientId)).orElse(true))
                .filter(c -> c.password().map(hash -> hash.matches(password)).orElse(false));
    }

    /** Whether a session logged in as {@code username} at {@code version} is still valid. */
    boolean isCurrent(String username, long version) {
        BrokerClient client = clients.get(username);
        return client != null && !client.disabled() && client.version() == version;
    }

    boolean mayPublish(String username, String topic) {
        return decide(username, List.of(acl -> acl.type().equals(AclRule.PUBLISH_SEND) && TopicPatterns.matches(acl.topic(), topic)))
                .orElse(defaults.publishClientSend());
    }

    boolean maySubscribe(String username, String filter) {
        return decide(username, List.of(
                acl -> acl.type().equals(AclRule.SUBSCRIBE_LITERAL) && acl.topic().equals(filter),
                acl -> acl.type().equals(AclRule.SUBSCRIBE_PATTERN) && TopicPatterns.covers(acl.topic(), filter)))
                .orElse(defaults.subscribe());
    }

    boolean mayReceive(String username, String topic) {
        return decide(username, List.of(acl -> acl.type().equals(AclRule.PUBLISH_RECEIVE) && TopicPatterns.matches(acl.topic(), topic)))
                .orElse(defaults.publishClientReceive() && !topic.startsWith(CONTROL_PREFIX));
    }

    /** Per role (highest priority first), per stage, the first ACL a stage applies to decides. */
    private Optional<Boolean> decide(String username, List<Predicate<AclRule>> stages) {
        BrokerClient client = username == null ? null : clients.get(username);
        if (client == null) {
            return Optional.empty();
        }
        for (BrokerClient.RoleRef ref : client.roles()) {
            BrokerRole role = roles.get(ref.name());
            if (role == null) {
                continue;
            }
            for (Predicate<AclRule> stage : stages) {
                for (AclRule acl : role.acls()) {
                    if (stage.test(acl)) {
                        return Optional.of(acl.allow());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
