package io.doorlock.dashboardgateway.command;

import io.doorlock.base.bus.BusDecoder;
import io.doorlock.common.bus.CommandStatusChanged;
import io.doorlock.common.dashboard.CommandStatus;
import io.doorlock.dashboardgateway.access.DeviceAccess;
import io.doorlock.dashboardgateway.push.DashboardPush;
import io.doorlock.dashboardgateway.push.OutgoingFrames;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import io.doorlock.base.bus.DeviceWork;

/**
 * Forwards {@code command_status} to everyone who may view the device (owner, shares, admins) and to the requester,
 * not only to the owner.
 */
@ApplicationScoped
public class CommandStatusConsumer {

    private static final Logger LOG = Logger.getLogger(CommandStatusConsumer.class);

    private final BusDecoder decoder;
    private final DeviceAccess access;
    private final DashboardPush push;
    private final OutgoingFrames frames;

    private final DeviceWork work;

    public CommandStatusConsumer(BusDecoder decoder, DeviceAccess access, DashboardPush push, OutgoingFrames frames,
            DeviceWork work) {
        this.decoder = decoder;
        this.access = access;
        this.push = push;
        this.frames = frames;
        this.work = work;
    }

    @Incoming("command-status")
    public void onStatus(byte[] payload) {
        try {
            // Each device's statuses reach its dashboards in order; devices in parallel (the viewers are read from MongoDB).
            decoder.decode(payload, CommandStatusChanged.class).ifPresent(d -> work.submit(d.data().deviceId(), () -> forward(d.data())));
        } catch (RuntimeException e) {
            LOG.errorf(e, "forwarding a command status failed");
        }
    }

    void forward(CommandStatusChanged change) {
        CommandStatus status = new CommandStatus(change.commandId(), change.status(), change.errorMessage(),
                Optional.of(change.deviceId()), Optional.of(change.command().wireName()), Optional.of(change.at()),
                Optional.of(change.revision()));
        Set<String> users = new LinkedHashSet<>(access.viewers(change.deviceId()));
        if (change.requestedBy() != null) {
            users.add(change.requestedBy());
        }
        push.sendToUsersAndAdmins(users, frames.commandStatus(status));
    }
}
