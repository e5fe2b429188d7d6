package io.doorlock.testing;

import io.doorlock.common.topic.DynsecCommands;
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
            clients.add(client(accounts.service(service), BrokerAccounts.serviceRole(service)));
        }
        clients.add(DynsecCommands.createRole(BrokerAccounts.OBSERVER_ROLE));
        clients.add(DynsecCommands.allow(BrokerAccounts.OBSERVER_ROLE, "subscribePattern", "doorlock/#"));
        clients.add(client(accounts.observer(), BrokerAccounts.OBSERVER_ROLE));
        clients.add(DynsecCommands.createRole(BrokerAccounts.HARNESS_ROLE));
        clients.add(DynsecCommands.allow(BrokerAccounts.HARNESS_ROLE, "subscribePattern", "doorlock/#"));
        clients.add(DynsecCommands.allow(BrokerAccounts.HARNESS_ROLE, "subscribePattern", "$share/+/doorlock/#"));
        clients.add(DynsecCommands.allow(BrokerAccounts.HARNESS_ROLE, "publishClientSend", "doorlock/#"));
        clients.add(client(accounts.harness(), BrokerAccounts.HARNESS_ROLE));
        DynsecAdmin.execute(port, accounts.admin(), clients, TOLERATED);
    }

    private static Map<String, Object> client(MqttAccount account, String role) {
        return DynsecCommands.createClient(account.username(), account.password(), role);
    }
}
