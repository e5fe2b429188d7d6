package io.doorlock.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker every test and the local run start is locked down as production is: nobody gets in without an account,
 * and each service's account may use only the topics its role names in {@code deploy/mosquitto/service-roles.json}.
 */
class MosquittoBrokerRolesTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static MosquittoBroker broker;

    @BeforeAll
    static void start() {
        broker = MosquittoBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.stop();
    }

    @Test
    void anonymousClientsAndWrongPasswordsAreRefused() {
        assertThatThrownBy(() -> TestMqttClient.connectAnonymously(broker.port())).isInstanceOf(IllegalStateException.class);
        MqttAccount commands = broker.accounts().service("command-service");
        assertThatThrownBy(() -> TestMqttClient.connect(broker.port(), "x-" + UUID.randomUUID(), Optional.of(commands.username()),
                Optional.of("wrong"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eachServiceSubscribesOnlyToWhatItsRoleNames() {
        try (TestMqttClient device = broker.connectAs("device-gateway");
                TestMqttClient dashboard = broker.connectAs("dashboard-gateway");
                TestMqttClient commands = broker.connectAs("command-service");
                TestMqttClient audit = broker.connectAs("audit-service")) {
            assertThat(device.subscribeGranted("$share/device-gateway/doorlock/v1/bus/commands/dispatch", "doorlock/v1/registry/devices/+"))
                    .containsExactly(1, 1);
            assertThat(device.subscribeGranted("#")).containsExactly(128);
            assertThat(device.subscribeGranted("doorlock/v1/bus/#")).containsExactly(128);
            assertThat(device.subscribeGranted("$SYS/#")).containsExactly(128);
            assertThat(dashboard.subscribeGranted("doorlock/v1/bus/commands/status")).containsExactly(1);
            assertThat(dashboard.subscribeGranted("doorlock/v1/registry/devices/+")).as("the registry is written, not read").containsExactly(128);
            assertThat(dashboard.subscribeGranted("doorlock/v1/devices/+/commands")).containsExactly(128);
            assertThat(commands.subscribeGranted("$share/command-service/doorlock/v1/bus/commands/requested")).containsExactly(1);
            assertThat(commands.subscribeGranted("doorlock/v1/bus/commands/requested")).as("only as the shared group").containsExactly(128);
            assertThat(commands.subscribeGranted("doorlock/v1/devices/+/events")).containsExactly(128);
            assertThat(audit.subscribeGranted("$share/audit-service/doorlock/v1/bus/#")).containsExactly(1);
            assertThat(audit.subscribeGranted("doorlock/v1/registry/devices/+", "doorlock/v1/gateways/+/dispatch")).containsExactly(128, 128);
        }
    }

    @Test
    void eachServicePublishesOnlyWhatItsRoleNames() {
        try (TestMqttClient watcher = broker.observe().subscribe("doorlock/#");
                TestMqttClient device = broker.connectAs("device-gateway");
                TestMqttClient dashboard = broker.connectAs("dashboard-gateway");
                TestMqttClient commands = broker.connectAs("command-service");
                TestMqttClient audit = broker.connectAs("audit-service")) {
            // refused: dropped silently by the broker
            device.publish("doorlock/v1/bus/commands/requested", "forged-by-device-gateway");
            device.publish("doorlock/v1/registry/devices/door-1", "forged-by-device-gateway");
            dashboard.publish("doorlock/v1/bus/commands/dispatch", "forged-by-dashboard-gateway");
            dashboard.publish("doorlock/v1/devices/door-1/commands", "forged-by-dashboard-gateway");
            commands.publish("doorlock/v1/devices/door-1/commands", "forged-by-command-service");
            commands.publish("doorlock/v1/bus/auth/revoked", "forged-by-command-service");
            audit.publish("doorlock/v1/bus/commands/requested", "forged-by-audit-service");
            audit.publish("doorlock/v1/devices/door-1/commands", "forged-by-audit-service");
            // allowed
            device.publish("doorlock/v1/devices/door-1/commands", "device-gateway-ok");
            dashboard.publish("doorlock/v1/bus/commands/requested", "dashboard-gateway-ok");
            commands.publish("doorlock/v1/bus/commands/dispatch", "command-service-ok");
            audit.publish("doorlock/v1/bus/alerts/system", "audit-service-ok");
            for (String marker : new String[] {"device-gateway-ok", "dashboard-gateway-ok", "command-service-ok", "audit-service-ok"}) {
                watcher.await(m -> m.payload().equals(marker), WAIT);
            }
            assertThat(watcher.drain()).noneMatch(m -> m.payload().startsWith("forged"));
        }
    }

    @Test
    void aProvisionedDeviceUsesOnlyItsOwnTopics() {
        broker.provisionDevice("lock-7", "token-lock-7");
        try (TestMqttClient watcher = broker.observe().subscribe("doorlock/#");
                TestMqttClient lock = TestMqttClient.connect(broker.port(), "lock-7", Optional.of("lock-7"), Optional.of("token-lock-7"))) {
            assertThat(lock.subscribeGranted("doorlock/v1/devices/lock-7/commands")).containsExactly(1);
            assertThat(lock.subscribeGranted("doorlock/v1/devices/+/commands")).containsExactly(128);
            lock.publish("doorlock/v1/devices/lock-8/events", "forged");
            lock.publish("doorlock/v1/bus/commands/requested", "forged");
            lock.publish("doorlock/v1/devices/lock-7/events", "mine");
            watcher.await(m -> m.payload().equals("mine"), WAIT);
            assertThat(watcher.drain()).noneMatch(m -> m.payload().equals("forged"));
        }
        assertThatThrownBy(() -> TestMqttClient.connect(broker.port(), "lock-8", Optional.of("lock-7"), Optional.of("token-lock-7")))
                .as("its account under another client id").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void accountsSurviveARestart() {
        broker.restart();
        broker.connectAs("command-service").close();
    }
}
