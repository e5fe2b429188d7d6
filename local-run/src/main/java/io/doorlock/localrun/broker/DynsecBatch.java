package io.doorlock.localrun.broker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One batch of dynamic-security commands applied to a working copy of the state: exactly the commands doorlock sends
 * (createRole, addRoleACL, createClient, setClientPassword, disableClient, enableClient, deleteClient, deleteRole),
 * answered with the plugin's own error texts, since callers tolerate "already exists" and "not found". Anything else
 * is refused with an error and changes nothing.
 */
final class DynsecBatch {

    private final Map<String, BrokerClient> clients;
    private final Map<String, BrokerRole> roles;
    private final DefaultAccess defaults;
    private final Set<String> sessionsToEnd = new LinkedHashSet<>();
    private boolean changed;

    DynsecBatch(SecurityRules rules) {
        this.clients = new LinkedHashMap<>(rules.clients());
        this.roles = new LinkedHashMap<>(rules.roles());
        this.defaults = rules.defaults();
    }

    /** Applies one command; the error the plugin would answer, if any. */
    Optional<String> apply(String command, JsonNode args) {
        return switch (command) {
            case "createRole" -> createRole(args);
            case "addRoleACL" -> addRoleAcl(args);
            case "deleteRole" -> deleteRole(args);
            case "createClient" -> createClient(args);
            case "setClientPassword" -> setClientPassword(args);
            case "disableClient" -> setDisabled(args, true);
            case "enableClient" -> setDisabled(args, false);
            case "deleteClient" -> deleteClient(args);
            default -> Optional.of("Unknown command");
        };
    }

    boolean changed() {
        return changed;
    }

    SecurityRules result() {
        return new SecurityRules(clients, roles, defaults);
    }

    /** The clients whose live sessions must end: new password, disabled, deleted, or a role taken away. */
    Set<String> sessionsToEnd() {
        return sessionsToEnd;
    }

    private Optional<String> createRole(JsonNode args) {
        Optional<String> name = text(args, "rolename");
        if (name.isEmpty()) {
            return Optional.of("Invalid/missing rolename");
        }
        if (roles.containsKey(name.get())) {
            return Optional.of("Role already exists");
        }
        BrokerRole role = new BrokerRole(name.get(), text(args, "textdescription"), List.of());
        for (JsonNode acl : args.path("acls")) {
            Optional<String> error = check(role, acl);
            if (error.isPresent()) {
                return error;
            }
            role = role.withAcl(acl(acl));
        }
        roles.put(role.name(), role);
        changed = true;
        return Optional.empty();
    }

    private Optional<String> addRoleAcl(JsonNode args) {
        Optional<String> name = text(args, "rolename");
        if (name.isEmpty()) {
            return Optional.of("Invalid/missing rolename");
        }
        BrokerRole role = roles.get(name.get());
        if (role == null) {
            return Optional.of("Role not found");
        }
        Optional<String> error = check(role, args);
        if (error.isPresent()) {
            return error;
        }
        roles.put(role.name(), role.withAcl(acl(args)));
        changed = true;
        return Optional.empty();
    }

    private static Optional<String> check(BrokerRole role, JsonNode acl) {
        Optional<String> type = text(acl, "acltype");
        Optional<String> topic = text(acl, "topic");
        if (type.isEmpty()) {
            return Optional.of("Invalid/missing acltype");
        }
        if (AclRule.UNSUPPORTED.contains(type.get())) {
            return Optional.of("acltype " + type.get() + " is not supported by the embedded broker");
        }
        if (!AclRule.SUPPORTED.contains(type.get())) {
            return Optional.of("Unknown acltype");
        }
        if (topic.isEmpty()) {
            return Optional.of("Invalid/missing topic");
        }
        if (type.get().equals(AclRule.PUBLISH_RECEIVE) && !acl.path("allow").asBoolean(false)) {
            // Moquette checks nothing at delivery; subscriptions are checked, receiving is allowed by default.
            return Optional.of("a publishClientReceive deny is not supported by the embedded broker");
        }
        if (role.hasAcl(type.get(), topic.get())) {
            return Optional.of("ACL with this topic already exists");
        }
        return Optional.empty();
    }

    private static AclRule acl(JsonNode acl) {
        return new AclRule(acl.path("acltype").asText(), acl.path("topic").asText(), acl.path("allow").asBoolean(false), acl.path("priority").asInt(-1));
    }

    private Optional<String> deleteRole(JsonNode args) {
        Optional<String> name = text(args, "rolename");
        if (name.isEmpty()) {
            return Optional.of("Invalid/missing rolename");
        }
        if (roles.remove(name.get()) == null) {
            return Optional.of("Role not found");
        }
        for (BrokerClient client : List.copyOf(clients.values())) {
            if (client.holds(name.get())) {
                clients.put(client.username(), client.withoutRole(name.get()));
                sessionsToEnd.add(client.username());
            }
        }
        changed = true;
        return Optional.empty();
    }

    private Optional<String> createClient(JsonNode args) {
        Optional<String> username = text(args, "username");
        if (username.isEmpty()) {
            return Optional.of("Invalid/missing username");
        }
        if (clients.containsKey(username.get())) {
            return Optional.of("Client already exists");
        }
        List<BrokerClient.RoleRef> refs = new ArrayList<>();
        for (JsonNode ref : args.path("roles")) {
            Optional<String> role = text(ref, "rolename");
            if (role.isEmpty()) {
                return Optional.of("Invalid/missing rolename");
            }
            if (!roles.containsKey(role.get())) {
                return Optional.of("Role not found");
            }
            refs.add(new BrokerClient.RoleRef(role.get(), ref.path("priority").asInt(-1)));
        }
        clients.put(username.get(), new BrokerClient(username.get(), text(args, "textname"), text(args, "password").map(PasswordHash::of),
                text(args, "clientid"), refs, false, BrokerClient.nextVersion()));
        changed = true;
        return Optional.empty();
    }

    private Optional<String> setClientPassword(JsonNode args) {
        Optional<String> password = text(args, "password");
        if (password.isEmpty()) {
            return Optional.of("Invalid/missing password");
        }
        return update(args, client -> client.withPassword(PasswordHash.of(password.get())), true);
    }

    private Optional<String> setDisabled(JsonNode args, boolean disabled) {
        return update(args, client -> client.withDisabled(disabled), disabled);
    }

    private Optional<String> deleteClient(JsonNode args) {
        return update(args, client -> null, true);
    }

    /** Replaces (or, for a null result, removes) the named client. */
    private Optional<String> update(JsonNode args, UnaryOperator<BrokerClient> change, boolean endSessions) {
        Optional<String> username = text(args, "username");
        if (username.isEmpty()) {
            return Optional.of("Invalid/missing username");
        }
        BrokerClient client = clients.get(username.get());
        if (client == null) {
            return Optional.of("Client not found");
        }
        BrokerClient next = change.apply(client);
        if (next == null) {
            clients.remove(client.username());
        } else {
            clients.put(client.username(), next);
        }
        if (endSessions) {
            sessionsToEnd.add(client.username());
        }
        changed = true;
        return Optional.empty();
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isEmpty() ? Optional.empty() : Optional.of(value.asText());
    }
}
