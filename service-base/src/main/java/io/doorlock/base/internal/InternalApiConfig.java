package io.doorlock.base.internal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The service-to-service HTTP routes under {@code /internal} (queries that dashboard-gateway makes of the service that
 * owns the data). The ingress never routes {@code /internal}; the caller must also present this shared token.
 */
@ConfigMapping(prefix = "doorlock.internal-api")
public interface InternalApiConfig {

    /** The shared token, from a Secret. With no token set, every {@code /internal} query is refused. */
    Optional<String> token();

    /** How long a caller waits for an answer to an internal query. */
    @WithDefault("5s")
    Duration timeout();
}
