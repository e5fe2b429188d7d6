package io.doorlock.commandservice.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorlock.common.command.CommandType;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * command-service routes a dispatch to the device-gateway replica its last {@code device_connected} named as the
 * socket's holder, on that replica's own topic, and on the shared topic when it knows no holder.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class DispatchRoutingTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String UNLOCK = "{\"duration\":3000}";

    @Inject
    DeviceLinks links;

    @Inject
    Clock clock;

    CommandBus bus;
    /** Every dispatch, shared or routed to any replica. */
    TestMqttClient dispatches;

    @BeforeEach
    void connect() {
        bus = new CommandBus(clock);
        dispatches = DoorlockInfrastructure.broker().harness().subscribe(Topics.COMMAND_DISPATCH, Topics.COMMAND_DISPATCH + "/+");
    }

    @AfterEach
    void disconnect() {
        dispatches.close();
        bus.close();
    }

    @Test
    void theDispatchesOfADeviceHeldByAReplicaGoToThatReplicaInTheOrderRequested() {
        online("door-r1", "gw-b");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(bus.request("door-r1", i % 2 == 0 ? CommandType.UNLOCK_DOOR : CommandType.LOCK_DOOR, i % 2 == 0 ? UNLOCK : "{}", Optional.empty()));
        }
        List<String> topics = new ArrayList<>();
        for (String id : ids) {
            topics.add(dispatches.await(m -> m.payload().contains(id), WAIT).topic());
        }
        assertThat(topics).as("each on gw-b's own topic").containsOnly(Topics.routedDispatch("gw-b"));
        List<String> arrived = new ArrayList<>();
        dispatches.drain().forEach(m -> ids.stream().filter(m.payload()::contains).forEach(arrived::add));
        assertThat(arrived).as("each published once").isEmpty();
    }

    @Test
    void theDispatchesFollowTheDeviceToTheReplicaItMovedTo() {
        online("door-r2", "gw-a");
        online("door-r2", "gw-c");
        String id = bus.request("door-r2", CommandType.LOCK_DOOR, "{}", Optional.empty());
        assertThat(dispatches.await(m -> m.payload().contains(id), WAIT).topic()).isEqualTo(Topics.routedDispatch("gw-c"));
    }

    @Test
    void withoutAKnownHolderADispatchTakesTheSharedTopic() {
        String unknown = bus.request("door-r3", CommandType.LOCK_DOOR, "{}", Optional.empty());
        assertThat(dispatches.await(m -> m.payload().contains(unknown), WAIT).topic()).as("never heard of").isEqualTo(Topics.COMMAND_DISPATCH);

        bus.presence("door-r4", "device_disconnected");
        await().atMost(WAIT).until(() -> links.find("door-r4").offline());
        bus.presence("door-r4", "device_connected"); // MQTT only: no socket, no holder
        await().atMost(WAIT).until(() -> !links.find("door-r4").offline());
        String mqttOnly = bus.request("door-r4", CommandType.LOCK_DOOR, "{}", Optional.empty());
        assertThat(dispatches.await(m -> m.payload().contains(mqttOnly), WAIT).topic()).as("no socket").isEqualTo(Topics.COMMAND_DISPATCH);
    }

    @Test
    void aHolderNamedWithAnInvalidIdIsNeverUsed() {
        online("door-r5", "gw-a");
        bus.presence("door-r5", "device_connected", Optional.of("gw/+"));
        await().atMost(WAIT).until(() -> links.find("door-r5").gatewayId().isEmpty());
        String id = bus.request("door-r5", CommandType.LOCK_DOOR, "{}", Optional.empty());
        assertThat(dispatches.await(m -> m.payload().contains(id), WAIT).topic()).isEqualTo(Topics.COMMAND_DISPATCH);
    }

    @Test
    void aCommandQueuedWhileOfflineIsDispatchedToTheReplicaTheDeviceCameBackTo() {
        online("door-r6", "gw-a");
        bus.presence("door-r6", "device_disconnected");
        await().atMost(WAIT).until(() -> links.find("door-r6").offline());
        String id = bus.request("door-r6", CommandType.LOCK_DOOR, "{}", Optional.empty());
        bus.awaitStatus(id, "queued");
        bus.presence("door-r6", "device_connected", Optional.of("gw-b"));
        assertThat(dispatches.await(m -> m.payload().contains(id), WAIT).topic()).isEqualTo(Topics.routedDispatch("gw-b"));
    }

    /** {@code device_connected} from replica {@code gatewayId}, once command-service has recorded it. */
    private void online(String deviceId, String gatewayId) {
        bus.presence(deviceId, "device_connected", Optional.of(gatewayId));
        await().atMost(WAIT).until(() -> links.find(deviceId).equals(new DeviceLink(false, Optional.of(gatewayId))));
    }
}
