package io.doorlock.dashboardgateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Start-up migrations. */
@ConfigMapping(prefix = "doorlock.migration")
public interface MigrationConfig {
    /** Assign devices without an owner to the first admin at start. */
    @WithDefault("true")
    boolean assignUnownedDevices();
}
