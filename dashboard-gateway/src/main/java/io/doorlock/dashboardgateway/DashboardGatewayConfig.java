package io.doorlock.dashboardgateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of dashboard-gateway. */
@ConfigMapping(prefix = "doorlock.dashboard-gateway")
public interface DashboardGatewayConfig {

    /** How long a dashboard WebSocket may stay open without authenticating before it is closed (4408). */
    @WithDefault("10s")
    Duration authTimeout();

    /** Frames waiting for one dashboard; when full, the oldest status frame is dropped for the new one. */
    @WithDefault("256")
    int outboxCapacity();

    /** A dashboard whose current frame has not been taken for this long is closed (1013, try again later). */
    @WithDefault("10s")
    Duration outboxStuckAfter();

    /** How {@code command_status} events are written into the command history. */
    History history();

    interface History {
        /**
         * Most statuses written in one bulk write. Statuses that arrive while a batch is written go together in the
         * next one; at most ten batches wait, after which the bus consumer waits for the writes.
         */
        @WithDefault("100")
        int batchSize();
    }

    /** Flood protection per dashboard connection (WebSocket and Socket.IO alike), as on device-gateway. */
    RateLimit rateLimit();

    interface RateLimit {
        /** Frames a dashboard may send per second, sustained. A person clicking sends a few; a reconnect asks each device's status. */
        @WithDefault("20")
        double framesPerSecond();

        /** Frames a dashboard may send in a burst above the sustained rate (a console asking the status of 100 devices at once). */
        @WithDefault("200")
        int burst();

        /** Refused frames in a row after which the connection is closed (4429). */
        @WithDefault("400")
        int closeAfter();

        /**
         * Frames of one dashboard that may wait for their turn while the gateway is behind; a frame arriving when
         * this many wait is answered {@code UNAVAILABLE} with its id, and the dashboard stays connected.
         */
        @WithDefault("256")
        int maxWaiting();
    }
}
