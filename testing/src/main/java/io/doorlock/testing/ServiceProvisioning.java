package io.doorlock.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gives a broker with dynamic security the service roles of {@code deploy/mosquitto/service-roles.json} and the
 * accounts of {@link BrokerAccounts} (each service holding only its own role, plus the test observer and harness),
 * through {@code $CONTROL/dynamic-security/v1} as its admin. Idempotent: what exists already is kept, so it runs at
 * every start and a newer {@code service-roles.json} reaches an existing installation.
 */
public final class ServiceProvisioning {

    private static final List<String> TOLERATED = List.of("already exists");

    private ServiceProvisioning() {}

    public static void apply(int port, BrokerAccounts accounts) {
        DynsecAdmin.execute(port, accounts.admin(), MosquittoBroker.serviceRoles(), TOLERATED);
        List<Map<String, Object>> clients = new ArrayList<>();
        for (String service : BrokerAccounts.SERVICES) {
            MqttAccount account = accounts.service(service);
            clients.add(Map.of("command", "createClient", "username", account.username(), "password", account.password(),
                    "roles", List.of(Map.of("rolename", BrokerAccounts.serviceRole(service)))));
        }
        clients.add(Map.of("command", "createRole", "rolename", BrokerAccounts.OBSERVER_ROLE));
        clients.add(acl(BrokerAccounts.OBSERVER_ROLE, "subscribePattern", "doorlock/#"));
        clients.add(Map.of("command", "createClient", "username", accounts.observer().username(), "password", accounts.observer().password(),
                "roles", List.of(Map.of("rolename", BrokerAccounts.OBSERVER_ROLE))));
        clients.add(Map.of("command", "createRole", "rolename", BrokerAccounts.HARNESS_ROLE));
        clients.add(acl(BrokerAccounts.HARNESS_ROLE, "subscribePattern", "doorlock/#"));
        clients.add(acl(BrokerAccounts.HARNESS_ROLE, "subscribePattern", "$share/+/doorlock/#"));
        clients.add(acl(BrokerAccounts.HARNESS_ROLE, "publishClientSend", "doorlock/#"));
        clients.add(Map.of("command", "createClient", "username", accounts.harness().username(), "password", accounts.harness().password(),
                "roles", List.of(Map.of("rolename", BrokerAccounts.HARNESS_ROLE))));
        DynsecAdmin.execute(port, accounts.admin(), clients, TOLERATED);
    }

    private static Map<String, Object> acl(String role, String type, String topic) {
        return Map.of("command", "addRoleACL", "rolename", role, "acltype", type, "topic", topic, "allow", true);
    }
}
