package io.doorlock.dashboardgateway.command;

import io.doorlock.base.bus.BusDecoder;
import io.doorlock.base.bus.DeviceWork;
import io.doorlock.common.bus.CommandStatusChanged;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Writes {@code command_status} events into {@link CommandHistory}; a shared subscription, so one replica writes each. */
@ApplicationScoped
public class CommandHistoryConsumer {

    private static final Logger LOG = Logger.getLogger(CommandHistoryConsumer.class);

    private final BusDecoder decoder;
    private final CommandHistory history;

    private final DeviceWork work;

    public CommandHistoryConsumer(BusDecoder decoder, CommandHistory history, DeviceWork work) {
        this.decoder = decoder;
        this.history = history;
        this.work = work;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            history.ensureIndexes();
        } catch (RuntimeException e) {
            LOG.warnf("could not create the command history indexes yet: %s", e.getMessage());
        }
    }

    @Incoming("command-history")
    @Blocking
    public void onStatus(byte[] payload) {
        try {
            decoder.decode(payload, CommandStatusChanged.class).ifPresent(d -> work.submit(d.data().deviceId(), () -> history.apply(d.data())));
        } catch (RuntimeException e) {
            LOG.errorf(e, "recording a command status failed");
        }
    }
}
