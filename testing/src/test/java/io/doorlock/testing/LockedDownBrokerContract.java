package io.doorlock.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.doorlock.common.topic.DeviceBrokerAccess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every broker doorlock runs must enforce, Mosquitto with its dynamic-security plugin as much as the local run's
 * embedded fallback: nobody gets in without an account, each service's account may use only the topics its role names
 * in {@code deploy/mosquitto/service-roles.json}, a device only its own topics and client id (its Will included), only
 * the admin may provision, and rotation or deletion ends a device's live sessions and its old password at once.
 * A subclass starts the broker once and returns it from {@link #broker()}.
 */
public abstract class LockedDownBrokerContract {

    protected static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CONTROL = "$CONTROL/dynamic-security/v1";

    /** The broker under test. */
    protected abstract LockedDownBroker broker();

    /** A device's own login: client id = username = device id. */
    protected TestMqttClient device(String deviceId, String token) {
        return TestMqttClient.connect(broker().port(), deviceId, Optional.of(deviceId), Optional.of(token));
    }

    protected void admin(List<Map<String, Object>> commands) {
        DynsecAdmin.execute(broker().port(), broker().accounts().admin(), commands, List.of());
    }

    @Test
    public void anonymousClientsAndWrongPasswordsAreRefused() {
        assertThatThrownBy(() -> TestMqttClient.connectAnonymously(broker().port())).isInstanceOf(IllegalStateException.class);
        MqttAccount commands = broker().accounts().service("command-service");
        assertThatThrownBy(() -> TestMqttClient.connect(broker().port(), "x-" + UUID.randomUUID(), Optional.of(commands.username()),
                Optional.of("wrong"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TestMqttClient.connect(broker().port(), "x-" + UUID.randomUUID(), Optional.of("nobody"),
                Optional.of("nothing"))).as("an unknown account").isInstanceOf(IllegalStateException.class);
    }

    @Test
    public void eachServiceSubscribesOnlyToWhatItsRoleNames() {
        try (TestMqttClient device = broker().connectAs("device-gateway");
                TestMqttClient dashboard = broker().connectAs("dashboard-gateway");
                TestMqttClient commands = broker().connectAs("command-service");
                TestMqttClient audit = broker().connectAs("audit-service")) {
            assertThat(device.subscribeGranted("$share/device-gateway/doorlock/v1/bus/commands/dispatch", "doorlock/v1/registry/devices/+"))
                    .containsExactly(1, 1);
            assertThat(device.subscribeGranted("doorlock/v1/bus/commands/dispatch/gw-a")).as("its routed dispatches").containsExactly(1);
            assertThat(device.subscribeGranted("#")).containsExactly(128);
            assertThat(device.subscribeGranted("doorlock/v1/bus/#")).containsExactly(128);
            assertThat(device.subscribeGranted("$SYS/#")).containsExactly(128);
            assertThat(device.subscribeGranted("doorlock/v1/registry/devices/#")).as("wider than its pattern").containsExactly(128);
            assertThat(device.subscribeGranted("doorlock/v1/registry/devices/door-1")).as("covered by its pattern").containsExactly(1);
            assertThat(dashboard.subscribeGranted("doorlock/v1/bus/commands/status")).containsExactly(1);
            assertThat(dashboard.subscribeGranted("doorlock/v1/registry/devices/+")).as("the registry is written, not read").containsExactly(128);
            assertThat(dashboard.subscribeGranted("doorlock/v1/devices/+/commands")).containsExactly(128);
            assertThat(commands.subscribeGranted("$share/command-service/doorlock/v1/bus/commands/requested")).containsExactly(1);
            assertThat(commands.subscribeGranted("doorlock/v1/devices/+/events")).containsExactly(128);
            assertThat(commands.subscribeGranted("doorlock/v1/bus/commands/dispatch/gw-a")).as("routes, never reads").containsExactly(128);
            assertThat(audit.subscribeGranted("$share/audit-service/doorlock/v1/bus/#")).containsExactly(1);
            assertThat(audit.subscribeGranted("doorlock/v1/registry/devices/+", "doorlock/v1/gateways/+/dispatch")).containsExactly(128, 128);
        }
    }

    @Test
    public void eachServicePublishesOnlyWhatItsRoleNames() {
        try (TestMqttClient watcher = broker().observe().subscribe("doorlock/#");
                TestMqttClient device = broker().connectAs("device-gateway");
                TestMqttClient dashboard = broker().connectAs("dashboard-gateway");
                TestMqttClient commands = broker().connectAs("command-service");
                TestMqttClient audit = broker().connectAs("audit-service")) {
            // refused: dropped silently by the broker
            device.publishUnacknowledged("doorlock/v1/bus/commands/requested", "forged-by-device-gateway");
            device.publishUnacknowledged("doorlock/v1/registry/devices/door-1", "forged-by-device-gateway");
            dashboard.publishUnacknowledged("doorlock/v1/bus/commands/dispatch", "forged-by-dashboard-gateway");
            dashboard.publishUnacknowledged("doorlock/v1/devices/door-1/commands", "forged-by-dashboard-gateway");
            dashboard.publishUnacknowledged("doorlock/v1/bus/commands/dispatch/gw-a", "forged-by-dashboard-gateway");
            commands.publishUnacknowledged("doorlock/v1/gateways/gw-a/dispatch", "forged-by-command-service");
            commands.publishUnacknowledged("doorlock/v1/devices/door-1/commands", "forged-by-command-service");
            commands.publishUnacknowledged("doorlock/v1/bus/auth/revoked", "forged-by-command-service");
            audit.publishUnacknowledged("doorlock/v1/bus/commands/requested", "forged-by-audit-service");
            audit.publishUnacknowledged("doorlock/v1/devices/door-1/commands", "forged-by-audit-service");
            // allowed
            device.publish("doorlock/v1/devices/door-1/commands", "device-gateway-ok");
            dashboard.publish("doorlock/v1/bus/commands/requested", "dashboard-gateway-ok");
            commands.publish("doorlock/v1/bus/commands/dispatch", "command-service-ok");
            commands.publish("doorlock/v1/bus/commands/dispatch/gw-a", "command-service-routed-ok");
            audit.publish("doorlock/v1/bus/alerts/system", "audit-service-ok");
            for (String marker : new String[] {"device-gateway-ok", "dashboard-gateway-ok", "command-service-ok", "command-service-routed-ok", "audit-service-ok"}) {
                watcher.await(m -> m.payload().equals(marker), WAIT);
            }
            assertThat(watcher.drain()).noneMatch(m -> m.payload().startsWith("forged"));
        }
    }

    @Test
    public void aProvisionedDeviceUsesOnlyItsOwnTopics() {
        broker().provisionDevice("lock-7", "token-lock-7");
        try (TestMqttClient watcher = broker().observe().subscribe("doorlock/#");
                TestMqttClient lock = device("lock-7", "token-lock-7")) {
            assertThat(lock.subscribeGranted("doorlock/v1/devices/lock-7/commands")).containsExactly(1);
            assertThat(lock.subscribeGranted("doorlock/v1/devices/+/commands")).containsExactly(128);
            lock.publishUnacknowledged("doorlock/v1/devices/lock-8/events", "forged");
            lock.publishUnacknowledged("doorlock/v1/bus/commands/requested", "forged");
            lock.publish("doorlock/v1/devices/lock-7/events", "mine");
            watcher.await(m -> m.payload().equals("mine"), WAIT);
            assertThat(watcher.drain()).noneMatch(m -> m.payload().equals("forged"));
        }
        assertThatThrownBy(() -> TestMqttClient.connect(broker().port(), "lock-8", Optional.of("lock-7"), Optional.of("token-lock-7")))
                .as("its account under another client id").isInstanceOf(IllegalStateException.class);
    }

    @Test
    public void aWillOnAForeignTopicIsNeverPublished() {
        broker().provisionDevice("lock-9", "token-lock-9");
        try (TestMqttClient watcher = broker().observe().subscribe("doorlock/#")) {
            TestMqttClient.connect(broker().port(), "lock-9", Optional.of("lock-9"), Optional.of("token-lock-9"),
                    Optional.of(new TestMqttClient.Will("doorlock/v1/bus/commands/requested", "forged-will"))).kill();
            TestMqttClient.connect(broker().port(), "lock-9", Optional.of("lock-9"), Optional.of("token-lock-9"),
                    Optional.of(new TestMqttClient.Will("doorlock/v1/devices/lock-9/status", "own-will"))).kill();
            watcher.await(m -> m.payload().equals("own-will"), WAIT);
            assertThat(watcher.drain()).noneMatch(m -> m.payload().equals("forged-will"));
        }
    }

    @Test
    public void onlyTheAdminMayUseTheControlApi() {
        try (TestMqttClient service = broker().connectAs("device-gateway")) {
            service.publishUnacknowledged(CONTROL, "{\"commands\":[{\"command\":\"createClient\",\"username\":\"intruder\",\"password\":\"intruder-pw\","
                    + "\"roles\":[{\"rolename\":\"service-command-service\"}]}]}");
            // the SUBACK comes after the broker handled the publish before it
            assertThat(service.subscribeGranted(CONTROL + "/response")).containsExactly(128);
        }
        broker().provisionDevice("lock-10", "token-lock-10");
        assertThatThrownBy(() -> TestMqttClient.connect(broker().port(), "intruder", Optional.of("intruder"), Optional.of("intruder-pw")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    public void rotationAndDeletionEndLiveSessionsAndOldPasswords() {
        broker().provisionDevice("lock-11", "token-1");
        TestMqttClient first = device("lock-11", "token-1");
        admin(DeviceBrokerAccess.rotate("lock-11", "token-2"));
        await().atMost(WAIT).until(() -> !first.isConnected());
        first.close();
        assertThatThrownBy(() -> device("lock-11", "token-1")).as("the old token").isInstanceOf(IllegalStateException.class);

        TestMqttClient second = device("lock-11", "token-2");
        admin(DeviceBrokerAccess.remove("lock-11"));
        await().atMost(WAIT).until(() -> !second.isConnected());
        second.close();
        assertThatThrownBy(() -> device("lock-11", "token-2")).as("a deleted device").isInstanceOf(IllegalStateException.class);
    }

    @Test
    public void accountsSurviveARestart() {
        broker().provisionDevice("lock-12", "token-lock-12");
        broker().restart();
        broker().connectAs("command-service").close();
        device("lock-12", "token-lock-12").close();
    }
}
