package io.doorlock.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker every test and the local run start is locked down as production is (the checks of
 * {@link LockedDownBrokerContract}), and a service gets its shared subscriptions only as its own group.
 */
class MosquittoBrokerRolesTest extends LockedDownBrokerContract {

    static MosquittoBroker broker;

    @BeforeAll
    static void start() {
        broker = MosquittoBroker.start();
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
    void sharedSubscriptionsOnlyAsTheServicesOwnGroup() {
        try (TestMqttClient commands = broker.connectAs("command-service")) {
            assertThat(commands.subscribeGranted("doorlock/v1/bus/commands/requested")).containsExactly(128);
        }
    }
}
