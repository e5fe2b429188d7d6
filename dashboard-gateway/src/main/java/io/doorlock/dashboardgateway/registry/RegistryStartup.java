package io.doorlock.dashboardgateway.registry;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Creates the registry's indexes at start (unique espId; owner and share lookups). */
@ApplicationScoped
public class RegistryStartup {

    private static final Logger LOG = Logger.getLogger(RegistryStartup.class);

    private final DeviceRepository devices;

    public RegistryStartup(DeviceRepository devices) {
        this.devices = devices;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            devices.ensureIndexes();
        } catch (RuntimeException e) {
            LOG.warnf("registry indexes not created yet: %s", e.getMessage());
        }
    }
}
