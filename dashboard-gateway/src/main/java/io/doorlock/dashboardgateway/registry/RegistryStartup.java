package io.doorlock.dashboardgateway.registry;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Creates the registry's indexes at start (unique espId; owner and share lookups). */
@ApplicationScoped
public class RegistryStartup {

    private static final Logger LOG = Logger.getLogger(RegistryStartup.class);

    private final DeviceRepository devices;
    private final RegistryPublisher registry;

    public RegistryStartup(DeviceRepository devices, RegistryPublisher registry) {
        this.devices = devices;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            devices.ensureIndexes();
        } catch (RuntimeException e) {
            LOG.warnf("registry indexes not created yet: %s", e.getMessage());
        }
        // Re-publish every record, so a broker that lost its retained messages learns the registry again.
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                devices.findAllDevices().forEach(registry::publish);
            } catch (RuntimeException e) {
                LOG.warnf("registry not re-published at start: %s", e.getMessage());
            }
        });
    }
}
