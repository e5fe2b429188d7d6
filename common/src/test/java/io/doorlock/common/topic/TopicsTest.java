package io.doorlock.common.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A gateway id names one replica's topic and can never widen it. */
class TopicsTest {

    @Test
    void aRoutedDispatchGoesToOneReplicaUnderTheBus() {
        assertThat(Topics.routedDispatch("gw-b")).isEqualTo("doorlock/v1/bus/commands/dispatch/gw-b");
        assertThat(Topics.routedDispatch("gw-b")).startsWith(Topics.BUS_PREFIX);
    }

    @Test
    void aGatewayIdThatCouldWidenTheTopicIsRefused() {
        for (String bad : new String[] {"+", "#", "a/b", "", "$SYS", "-x"}) {
            assertThatThrownBy(() -> Topics.routedDispatch(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Topics.gatewayInbox(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
