package io.doorlock.localrun.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorlock.testing.LockedDownBroker;
import io.doorlock.testing.LockedDownBrokerContract;
import io.doorlock.testing.MqttAccount;
import io.doorlock.testing.TestMqttClient;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local run's embedded broker enforces what Mosquitto with dynamic security does (every check of
 * {@link LockedDownBrokerContract}), and what it adds or must do differently: plain topics instead of shared
 * subscriptions, each change of an account ending its sessions, the control API's answers, passwords kept only as
 * hashes, and no way in around the gate.
 */
class EmbeddedBrokerRulesTest extends LockedDownBrokerContract {

    static final ObjectMapper JSON = new ObjectMapper();
    static EmbeddedBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.stop();
    }

    @Override
    protected LockedDownBroker broker() {
        return broker;
    }

    @Test
    void plainTopicsStandInForSharedSubscriptionsAndNothingElse() {
        try (TestMqttClient device = broker.connectAs("device-gateway");
                TestMqttClient dashboard = broker.connectAs("dashboard-gateway");
                TestMqttClient commands = broker.connectAs("command-service");
                TestMqttClient audit = broker.connectAs("audit-service")) {
            assertThat(commands.subscribeGranted("doorlock/v1/bus/commands/requested", "doorlock/v1/bus/device-events/command_ack"))
                    .containsExactly(1, 1);
            assertThat(device.subscribeGranted("doorlock/v1/bus/commands/dispatch", "doorlock/v1/devices/+/events")).containsExactly(1, 1);
            assertThat(audit.subscribeGranted("doorlock/v1/bus/#")).containsExactly(1);
            assertThat(commands.subscribeGranted("doorlock/v1/bus/commands/status")).as("never shared with command-service").containsExactly(128);
            assertThat(dashboard.subscribeGranted("doorlock/v1/bus/commands/requested")).containsExactly(128);
            assertThat(audit.subscribeGranted("doorlock/#")).containsExactly(128);
        }
    }

    @Test
    void eachChangeOfAnAccountEndsItsLiveSessionsAtOnce() {
        broker.provisionDevice("lock-20", "token-20");
        TestMqttClient live = device("lock-20", "token-20");
        admin(List.of(Map.of("command", "setClientPassword", "username", "lock-20", "password", "token-21")));
        await().atMost(WAIT).until(() -> !live.isConnected());
        live.close();
        assertThatThrownBy(() -> device("lock-20", "token-20")).as("the old password").isInstanceOf(IllegalStateException.class);

        TestMqttClient again = device("lock-20", "token-21");
        admin(List.of(Map.of("command", "disableClient", "username", "lock-20")));
        await().atMost(WAIT).until(() -> !again.isConnected());
        again.close();
        assertThatThrownBy(() -> device("lock-20", "token-21")).as("a disabled account").isInstanceOf(IllegalStateException.class);

        admin(List.of(Map.of("command", "enableClient", "username", "lock-20")));
        TestMqttClient enabled = device("lock-20", "token-21");
        admin(List.of(Map.of("command", "deleteClient", "username", "lock-20")));
        await().atMost(WAIT).until(() -> !enabled.isConnected());
        enabled.close();
    }

    @Test
    void evenARoleThatMaySubscribeToEverythingGetsNoControlAnswers() {
        admin(List.of(Map.of("command", "createRole", "rolename", "role-50"),
                Map.of("command", "addRoleACL", "rolename", "role-50", "acltype", "subscribePattern", "topic", "#", "allow", true),
                Map.of("command", "createClient", "username", "client-50", "password", "pw-50", "roles", List.of(Map.of("rolename", "role-50")))));
        try (TestMqttClient wide = TestMqttClient.connect(broker.port(), "client-50", Optional.of("client-50"), Optional.of("pw-50"))) {
            assertThat(wide.subscribeGranted("doorlock/#")).containsExactly(1);
            // $CONTROL is never received by default: Mosquitto grants the subscription and delivers nothing; Moquette
            // has no check at delivery, so the embedded broker refuses the subscription
            assertThat(wide.subscribeGranted(DynsecControl.RESPONSE)).containsExactly(128);
        }
    }

    @Test
    void theControlApiAnswersAsThePluginDoes() throws Exception {
        JsonNode answer = control("{\"commands\":["
                + "{\"command\":\"createRole\",\"rolename\":\"role-30\"},"
                + "{\"command\":\"createRole\",\"rolename\":\"role-30\"},"
                + "{\"command\":\"addRoleACL\",\"rolename\":\"role-30\",\"acltype\":\"publishClientSend\",\"topic\":\"a/b\",\"allow\":true},"
                + "{\"command\":\"addRoleACL\",\"rolename\":\"role-30\",\"acltype\":\"publishClientSend\",\"topic\":\"a/b\",\"allow\":true},"
                + "{\"command\":\"addRoleACL\",\"rolename\":\"nope\",\"acltype\":\"publishClientSend\",\"topic\":\"a/b\",\"allow\":true},"
                + "{\"command\":\"addRoleACL\",\"rolename\":\"role-30\",\"acltype\":\"weird\",\"topic\":\"a/b\",\"allow\":true},"
                + "{\"command\":\"addRoleACL\",\"rolename\":\"role-30\",\"acltype\":\"publishClientReceive\",\"topic\":\"a/b\",\"allow\":false},"
                + "{\"command\":\"createClient\",\"username\":\"client-30\",\"password\":\"pw\",\"roles\":[{\"rolename\":\"nope\"}]},"
                + "{\"command\":\"deleteClient\",\"username\":\"client-30\"},"
                + "{\"command\":\"deleteRole\",\"rolename\":\"nope\"},"
                + "{\"command\":\"listClients\",\"correlationData\":\"c-1\"},"
                + "{\"command\":\"deleteRole\",\"rolename\":\"role-30\"}]}");
        assertThat(JSON.writeValueAsString(answer.path("responses"))).isEqualTo("["
                + "{\"command\":\"createRole\"},"
                + "{\"command\":\"createRole\",\"error\":\"Role already exists\"},"
                + "{\"command\":\"addRoleACL\"},"
                + "{\"command\":\"addRoleACL\",\"error\":\"ACL with this topic already exists\"},"
                + "{\"command\":\"addRoleACL\",\"error\":\"Role not found\"},"
                + "{\"command\":\"addRoleACL\",\"error\":\"Unknown acltype\"},"
                + "{\"command\":\"addRoleACL\",\"error\":\"a publishClientReceive deny is not supported by the embedded broker\"},"
                + "{\"command\":\"createClient\",\"error\":\"Role not found\"},"
                + "{\"command\":\"deleteClient\",\"error\":\"Client not found\"},"
                + "{\"command\":\"deleteRole\",\"error\":\"Role not found\"},"
                + "{\"command\":\"listClients\",\"error\":\"Unknown command\",\"correlationData\":\"c-1\"},"
                + "{\"command\":\"deleteRole\"}]");
        assertThat(control("not json").path("responses").get(0).path("error").asText()).isEqualTo("Payload not valid JSON");
        assertThatThrownBy(() -> TestMqttClient.connect(broker.port(), "client-30", Optional.of("client-30"), Optional.of("pw")))
                .as("refused commands change nothing").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theStateFileHoldsHashesNotPasswordsAndOnlyItsOwnerMayReadIt() throws Exception {
        broker.provisionDevice("lock-40", "token-of-lock-40");
        String state = Files.readString(broker.stateFile());
        assertThat(state).contains("\"lock-40\"").doesNotContain("token-of-lock-40");
        for (MqttAccount account : List.of(broker.accounts().admin(), broker.accounts().service("device-gateway"), broker.accounts().observer())) {
            assertThat(state).contains(account.username()).doesNotContain(account.password());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(broker.stateFile()))).isEqualTo("rw-------");
    }

    @Test
    void nobodyGetsInAroundTheGate() {
        MqttAccount commands = broker.accounts().service("command-service");
        assertThatThrownBy(() -> TestMqttClient.connect(broker.internalPort(), "x-" + UUID.randomUUID(), Optional.of(commands.username()),
                Optional.of(commands.password()))).isInstanceOf(IllegalStateException.class);
    }

    private JsonNode control(String batch) throws Exception {
        try (TestMqttClient admin = broker.connect(broker.accounts().admin())) {
            admin.subscribe(DynsecControl.RESPONSE);
            admin.publish(DynsecControl.CONTROL, batch);
            return JSON.readTree(admin.await(m -> m.topic().equals(DynsecControl.RESPONSE), WAIT).payload());
        }
    }
}
