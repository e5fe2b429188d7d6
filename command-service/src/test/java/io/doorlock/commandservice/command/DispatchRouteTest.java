package io.doorlock.commandservice.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.common.topic.Topics;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The routing decision on its own: which topic a dispatch takes for what the device links say. */
class DispatchRouteTest {

    @Test
    void anOnlineDeviceWithAKnownHolderIsRoutedToThatReplica() {
        DispatchRoute route = DispatchRoute.of(new DeviceLink(false, Optional.of("gw-b")));
        assertThat(route.gatewayId()).contains("gw-b");
        assertThat(route.topic()).isEqualTo(Topics.routedDispatch("gw-b"));
    }

    @Test
    void aDeviceNeverHeardOfGoesOnTheSharedTopic() {
        assertThat(DispatchRoute.of(DeviceLink.UNKNOWN)).isEqualTo(DispatchRoute.SHARED);
        assertThat(DispatchRoute.SHARED.topic()).isEqualTo(Topics.COMMAND_DISPATCH);
    }

    @Test
    void anOnlineDeviceWithoutASocketHolderGoesOnTheSharedTopic() {
        assertThat(DispatchRoute.of(new DeviceLink(false, Optional.empty()))).isEqualTo(DispatchRoute.SHARED);
    }

    @Test
    void anOfflineDeviceGoesOnTheSharedTopicWhateverHolderIsLeft() {
        assertThat(DispatchRoute.of(new DeviceLink(true, Optional.of("gw-b")))).isEqualTo(DispatchRoute.SHARED);
    }

    @Test
    void aHolderThatCouldWidenOrBreakTheTopicIsNeverUsed() {
        for (String bad : new String[] {"+", "#", "gw/b", "", "-gw"}) {
            assertThat(DispatchRoute.of(new DeviceLink(false, Optional.of(bad)))).as(bad).isEqualTo(DispatchRoute.SHARED);
        }
    }
}
