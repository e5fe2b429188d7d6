package io.doorlock.commandservice.command;

import io.doorlock.common.id.Ids;
import io.doorlock.common.topic.Topics;
import java.util.Optional;

/**
 * Where a dispatch is published, as Eclipse Hono's command router picks the protocol adapter instance: straight to
 * the device-gateway replica that holds the device's socket ({@code bus/commands/dispatch/{gatewayId}}) when the
 * device links name one and the device is online, otherwise on the shared {@code bus/commands/dispatch}, where one
 * replica takes it. A stale holder costs the receiving replica one forward, never the command.
 *
 * @param gatewayId the replica the dispatch is routed to; empty for the shared topic
 */
public record DispatchRoute(Optional<String> gatewayId) {

    /** The shared topic: any replica. */
    public static final DispatchRoute SHARED = new DispatchRoute(Optional.empty());

    /** The route for a device whose links are {@code link}: a pure decision. A holder that is not a valid id is ignored. */
    public static DispatchRoute of(DeviceLink link) {
        if (link.offline()) {
            return SHARED;
        }
        return link.gatewayId().filter(Ids::isValidId).map(id -> new DispatchRoute(Optional.of(id))).orElse(SHARED);
    }

    /** The topic the dispatch is published on. */
    public String topic() {
        return gatewayId.map(Topics::routedDispatch).orElse(Topics.COMMAND_DISPATCH);
    }
}
