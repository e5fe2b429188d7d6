package io.doorlock.commandservice.command;

import io.doorlock.base.bus.BusDecoder;
import io.doorlock.base.bus.DeviceWork;
import io.doorlock.common.bus.CommandCancelRequested;
import io.doorlock.common.bus.CommandDelivery;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.bus.ConnectionMetadata;
import io.doorlock.common.bus.DeviceEventReceived;
import io.doorlock.common.device.CommandAck;
import io.doorlock.common.id.Ids;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Bus adapter of command-service. Each channel is a shared subscription ({@code $share/command-service/...}), so
 * replicas split the work; the atomic transitions make sure only one of them acts on each step.
 *
 * <p>Messages are decoded in arrival order and handled by {@link DeviceWork}: one device's requests, deliveries,
 * acks, cancels and presence changes one after another, different devices in parallel.
 */
@ApplicationScoped
public class CommandBusConsumer {

    private static final Logger LOG = Logger.getLogger(CommandBusConsumer.class);

    private final BusDecoder decoder;
    private final CommandLifecycle lifecycle;
    private final DeviceWork work;

    public CommandBusConsumer(BusDecoder decoder, CommandLifecycle lifecycle, DeviceWork work) {
        this.decoder = decoder;
        this.lifecycle = lifecycle;
        this.work = work;
    }

    @Incoming("command-requests")
    @Blocking
    public void onRequest(byte[] payload) {
        guarded("request", () -> decoder.decode(payload, CommandRequested.class)
                .ifPresent(d -> work.submit(d.data().deviceId(), () -> lifecycle.onRequested(d.data(), d.envelope().correlationId()))));
    }

    @Incoming("command-deliveries")
    @Blocking
    public void onDelivery(byte[] payload) {
        guarded("delivery", () -> decoder.decode(payload, CommandDelivery.class)
                .ifPresent(d -> work.submit(d.data().deviceId(), () -> lifecycle.onDelivered(d.data()))));
    }

    @Incoming("command-acks")
    @Blocking
    public void onAck(byte[] payload) {
        guarded("ack", () -> decoder.decode(payload, DeviceEventReceived.class).ifPresent(d -> decoder
                .read(d.data().data(), CommandAck.class, d.envelope().id())
                .ifPresent(ack -> work.submit(d.data().deviceId(), () -> lifecycle.onAck(d.data().deviceId(), ack)))));
    }

    @Incoming("command-cancels")
    @Blocking
    public void onCancel(byte[] payload) {
        guarded("cancel", () -> decoder.decode(payload, CommandCancelRequested.class)
                .ifPresent(d -> work.submit(d.data().deviceId(), () -> lifecycle.onCancel(d.data()))));
    }

    /** device-gateway's presence events: a device that comes online gets its queued commands. */
    @Incoming("device-connected")
    @Blocking
    public void onConnected(byte[] payload) {
        onPresence(payload);
    }

    @Incoming("device-disconnected")
    @Blocking
    public void onDisconnected(byte[] payload) {
        onPresence(payload);
    }

    private void onPresence(byte[] payload) {
        guarded("presence event", () -> decoder.decode(payload, DeviceEventReceived.class).ifPresent(d -> {
            DeviceEventReceived event = d.data();
            if (EventNames.DEVICE_CONNECTED.equals(event.event())) {
                Optional<String> holder = holder(event);
                work.submit(event.deviceId(), () -> lifecycle.onDeviceOnline(event.deviceId(), holder, event.receivedAt()));
            } else if (EventNames.DEVICE_DISCONNECTED.equals(event.event())) {
                work.submit(event.deviceId(), () -> lifecycle.onDeviceOffline(event.deviceId(), event.receivedAt()));
            }
        }));
    }

    /** The replica holding the device's socket, as the event names it; an id that could not name a topic is dropped. */
    private static Optional<String> holder(DeviceEventReceived event) {
        Optional<String> named = Optional.ofNullable(event.metadata()).flatMap(ConnectionMetadata::gatewayId);
        if (named.isPresent() && !Ids.isValidId(named.get())) {
            LOG.warnf("device_connected of %s names an invalid gateway id; its dispatches go on the shared topic", event.deviceId());
            return Optional.empty();
        }
        return named;
    }

    private static void guarded(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "processing a command %s from the bus failed", what);
        }
    }
}
