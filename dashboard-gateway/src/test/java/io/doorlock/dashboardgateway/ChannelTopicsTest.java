package io.doorlock.dashboardgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.testing.ChannelTopics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every topic dashboard-gateway's channels subscribe to is one that {@code Topics} defines: the topics live in one place. */
class ChannelTopicsTest {

    static final Path CONFIG = Path.of("src/main/resources/application.properties");

    @Test
    void everyChannelTopicIsDefinedInTopics() {
        assertThat(ChannelTopics.configured(CONFIG)).isNotEmpty();
        assertThat(ChannelTopics.undefined(CONFIG)).isEmpty();
    }
}
