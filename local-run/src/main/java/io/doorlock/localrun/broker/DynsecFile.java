package io.doorlock.localrun.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorlock.testing.DynsecState;
import io.doorlock.testing.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state file, in the format of Mosquitto's dynamic-security plugin ({@code dynamic-security.json}: clients with
 * salted password hashes, roles with their ACLs, the default access), so the first one is written by
 * {@link DynsecState#writeInitial} exactly as for Mosquitto. Groups are not supported and refused.
 */
final class DynsecFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DynsecFile() {}

    static SecurityRules read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the broker's state " + file, e);
        }
        if (root.path("groups").size() > 0) {
            throw new IllegalStateException(file + " has groups, which the embedded broker does not support");
        }
        Map<String, BrokerRole> roles = new LinkedHashMap<>();
        for (JsonNode r : root.path("roles")) {
            List<AclRule> acls = new ArrayList<>();
            for (JsonNode a : r.path("acls")) {
                acls.add(new AclRule(a.path("acltype").asText(), a.path("topic").asText(), a.path("allow").asBoolean(false), a.path("priority").asInt(-1)));
            }
            String name = r.path("rolename").asText();
            roles.put(name, new BrokerRole(name, text(r, "textdescription"), acls));
        }
        Map<String, BrokerClient> clients = new LinkedHashMap<>();
        for (JsonNode c : root.path("clients")) {
            List<BrokerClient.RoleRef> refs = new ArrayList<>();
            for (JsonNode ref : c.path("roles")) {
                refs.add(new BrokerClient.RoleRef(ref.path("rolename").asText(), ref.path("priority").asInt(-1)));
            }
            Optional<PasswordHash> password = text(c, "password")
                    .map(hash -> new PasswordHash(hash, c.path("salt").asText(), c.path("iterations").asInt(PasswordHash.ITERATIONS)));
            String username = c.path("username").asText();
            clients.put(username, new BrokerClient(username, text(c, "textName"), password, text(c, "clientid"), refs,
                    c.path("disabled").asBoolean(false), BrokerClient.nextVersion()));
        }
        JsonNode d = root.path("defaultACLAccess");
        DefaultAccess plugin = DefaultAccess.PLUGIN;
        DefaultAccess defaults = new DefaultAccess(d.path("publishClientSend").asBoolean(plugin.publishClientSend()),
                d.path("publishClientReceive").asBoolean(plugin.publishClientReceive()), d.path("subscribe").asBoolean(plugin.subscribe()),
                d.path("unsubscribe").asBoolean(plugin.unsubscribe()));
        return new SecurityRules(clients, roles, defaults);
    }

    /** Writes {@code rules} to a new file readable by its owner only, then moves it over {@code file}. */
    static void write(Path file, SecurityRules rules) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode defaults = root.putObject("defaultACLAccess");
        defaults.put("publishClientSend", rules.defaults().publishClientSend());
        defaults.put("publishClientReceive", rules.defaults().publishClientReceive());
        defaults.put("subscribe", rules.defaults().subscribe());
        defaults.put("unsubscribe", rules.defaults().unsubscribe());
        ArrayNode clients = root.putArray("clients");
        rules.clients().values().stream().sorted(Comparator.comparing(BrokerClient::username)).forEach(client -> {
            ObjectNode c = clients.addObject();
            c.put("username", client.username());
            client.textName().ifPresent(t -> c.put("textName", t));
            client.clientId().ifPresent(id -> c.put("clientid", id));
            client.password().ifPresent(p -> c.put("password", p.hash()).put("salt", p.salt()).put("iterations", p.iterations()));
            if (client.disabled()) {
                c.put("disabled", true);
            }
            ArrayNode refs = c.putArray("roles");
            client.roles().forEach(ref -> refs.addObject().put("rolename", ref.name()).put("priority", ref.priority()));
        });
        root.putArray("groups");
        ArrayNode roles = root.putArray("roles");
        rules.roles().values().stream().sorted(Comparator.comparing(BrokerRole::name)).forEach(role -> {
            ObjectNode r = roles.addObject();
            r.put("rolename", role.name());
            role.description().ifPresent(t -> r.put("textdescription", t));
            ArrayNode acls = r.putArray("acls");
            role.acls().forEach(acl -> acls.addObject().put("acltype", acl.type()).put("topic", acl.topic())
                    .put("priority", acl.priority()).put("allow", acl.allow()));
        });
        try {
            Path next = file.resolveSibling(file.getFileName() + ".new");
            SecretFiles.write(next, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker's state " + file, e);
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
