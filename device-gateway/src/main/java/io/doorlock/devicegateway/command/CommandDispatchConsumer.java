package io.doorlock.devicegateway.command;

import io.doorlock.base.bus.BusDecoder;
import io.doorlock.base.bus.DeviceWork;
import io.doorlock.common.bus.CommandDispatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The three ways a dispatch reaches this replica: routed by command-service to this replica's own topic
 * ({@code bus/commands/dispatch/{id}}: its last {@code device_connected} named this replica as the socket's holder),
 * the shared subscription on {@code bus/commands/dispatch} (one replica per command, for a device whose holder
 * command-service does not know), and this replica's inbox (forwarded by another replica because this one holds the
 * device's socket). A thin adapter over {@link CommandRouter}; each arrival is counted by route in
 * {@code doorlock_command_dispatches_received_total{route}}.
 */
@ApplicationScoped
public class CommandDispatchConsumer {

    private static final Logger LOG = Logger.getLogger(CommandDispatchConsumer.class);

    private final BusDecoder decoder;
    private final CommandRouter router;
    private final DeviceWork work;
    private final MeterRegistry metrics;

    public CommandDispatchConsumer(BusDecoder decoder, CommandRouter router, DeviceWork work, MeterRegistry metrics) {
        this.decoder = decoder;
        this.router = router;
        this.work = work;
        this.metrics = metrics;
    }

    @Incoming("routed-dispatch")
    @Blocking
    public void onRouted(byte[] payload) {
        handle(payload, "routed", false);
    }

    @Incoming("command-dispatch")
    @Blocking
    public void onDispatch(byte[] payload) {
        handle(payload, "shared", false);
    }

    @Incoming("gateway-inbox")
    @Blocking
    public void onForwarded(byte[] payload) {
        handle(payload, "forwarded", true);
    }

    private void handle(byte[] payload, String route, boolean forwarded) {
        try {
            // Decoded in arrival order; routed by DeviceWork: one device's commands in order, devices in parallel.
            decoder.decode(payload, CommandDispatch.class).ifPresent(d -> {
                metrics.counter("doorlock_command_dispatches_received_total", "route", route).increment();
                work.submit(d.data().deviceId(), () -> router.route(d.data(), d.envelope().correlationId(), payload, forwarded));
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "delivering a command failed");
        }
    }
}
