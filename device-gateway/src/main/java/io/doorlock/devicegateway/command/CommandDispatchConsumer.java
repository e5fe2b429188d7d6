package io.doorlock.devicegateway.command;

import io.doorlock.base.bus.BusDecoder;
import io.doorlock.base.bus.DeviceWork;
import io.doorlock.common.bus.CommandDispatch;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The two ways a dispatch reaches this replica: the shared subscription on {@code bus/commands/dispatch} (one replica
 * per command) and this replica's own inbox (dispatches forwarded by another replica because this one holds the
 * device's socket). A thin adapter over {@link CommandRouter}.
 */
@ApplicationScoped
public class CommandDispatchConsumer {

    private static final Logger LOG = Logger.getLogger(CommandDispatchConsumer.class);

    private final BusDecoder decoder;
    private final CommandRouter router;
    private final DeviceWork work;

    public CommandDispatchConsumer(BusDecoder decoder, CommandRouter router, DeviceWork work) {
        this.decoder = decoder;
        this.router = router;
        this.work = work;
    }

    @Incoming("command-dispatch")
    @Blocking
    public void onDispatch(byte[] payload) {
        handle(payload, false);
    }

    @Incoming("gateway-inbox")
    @Blocking
    public void onForwarded(byte[] payload) {
        handle(payload, true);
    }

    private void handle(byte[] payload, boolean forwarded) {
        try {
            // Decoded in arrival order; routed by DeviceWork: one device's commands in order, devices in parallel.
            decoder.decode(payload, CommandDispatch.class).ifPresent(d -> work.submit(d.data().deviceId(),
                    () -> router.route(d.data(), d.envelope().correlationId(), payload, forwarded)));
        } catch (RuntimeException e) {
            LOG.errorf(e, "delivering a command failed");
        }
    }
}
