package io.doorlock.dashboardgateway.visitor;

import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.dashboard.VisitorDecision;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.dashboardgateway.access.DeviceAccess;
import io.doorlock.dashboardgateway.access.Permission;
import io.doorlock.dashboardgateway.api.ApiException;
import io.doorlock.dashboardgateway.auth.UserPrincipal;
import io.doorlock.dashboardgateway.command.CommandPermissions;
import io.doorlock.dashboardgateway.command.CommandRequester;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import io.doorlock.dashboardgateway.VisitorConfig;

/**
 * Letting a visitor in, or not. The order is the point: the caller's {@code control} permission is checked first,
 * then one conditional update on {@code pending} decides, so that of any number of concurrent decisions exactly one
 * wins and the others get 409; only the winner's unlock command is ever requested, and it carries the visitor's id
 * as correlation id.
 */
@ApplicationScoped
public class VisitorDecisions {

    private static final Logger LOG = Logger.getLogger(VisitorDecisions.class);

    private final VisitorStore store;
    private final DeviceAccess access;
    private final CommandRequester commands;
    private final VisitorEvents events;
    private final VisitorConfig config;
    private final JsonCodec codec;
    private final MeterRegistry metrics;

    public VisitorDecisions(VisitorStore store, DeviceAccess access, CommandRequester commands, VisitorEvents events, VisitorConfig config,
            JsonCodec codec, MeterRegistry metrics) {
        this.store = store;
        this.access = access;
        this.commands = commands;
        this.events = events;
        this.config = config;
        this.codec = codec;
        this.metrics = metrics;
    }

    /** The outcome of a decision: the visitor, and the unlock's command id when it was let in. */
    public record Decided(VisitorLog visitor, Optional<String> commandId) {}

    public Decided decide(UserPrincipal user, String visitorId, VisitorDecision decision, Optional<String> notes) {
        VisitorLog visitor = store.find(visitorId)
                .filter(v -> access.permissionOf(user, v.deviceId()).isPresent())
                .orElseThrow(() -> ApiException.forbidden("no access to visitor " + visitorId));
        if (!access.allows(user, visitor.deviceId(), Permission.CONTROL)) {
            throw ApiException.forbidden("view-only access: deciding on visitors needs control");
        }
        Instant now = Instant.now();
        Optional<String> commandId = decision == VisitorDecision.GRANTED ? Optional.of(UUID.randomUUID().toString()) : Optional.empty();
        String status = decision == VisitorDecision.GRANTED ? "granted" : "denied";
        VisitorLog decided = store.decide(visitorId, status, user.userId(), notes, commandId, now).orElseThrow(() -> {
            metrics.counter("doorlock_visitor_decisions_total", "result", "conflict").increment();
            return ApiException.conflict("visitor " + visitorId + " was already processed or has expired");
        });
        metrics.counter("doorlock_visitor_decisions_total", "result", status).increment();
        commandId.ifPresent(id -> unlock(decided, id, user));
        events.processed(decided, decision, Optional.of(user.userId()), now);
        LOG.infof("visitor %s at %s %s by %s", visitorId, decided.deviceId(), status, user.userId());
        return new Decided(decided, commandId);
    }

    private void unlock(VisitorLog visitor, String commandId, UserPrincipal user) {
        requestUnlock(visitor, commandId, user.userId());
    }

    /**
     * Requests the unlock of a granted visitor (again, after a crash: same commandId, so at most one command, and
     * its deadline counts from the decision, so a late retry never opens the door late) and marks it requested.
     */
    void requestUnlock(VisitorLog visitor, String commandId, String userId) {
        var payload = codec.mapper().createObjectNode().put("duration", config.unlockDurationMs());
        Instant decidedAt = visitor.decidedAt().orElse(Instant.now());
        try {
            // The decision was allowed only with control on the device (checked before anything changed).
            commands.request(commandId, visitor.deviceId(), CommandType.UNLOCK_DOOR, payload, userId, CommandPermissions.verified(Permission.CONTROL),
                    Optional.empty(), visitor.id(), decidedAt);
        } catch (BusUnavailableException e) {
            // Stored before publishing: the command outbox publishes it again within seconds, same commandId.
            LOG.warnf("unlock %s for visitor %s not confirmed by the broker yet; it will be re-published: %s", commandId, visitor.id(), e.getMessage());
        }
        store.unlockRequested(visitor.id());
    }

    /** The sweeper's repair: granted visitors whose unlock was never recorded get it now, and their decision announced. */
    void repairGranted(Instant now) {
        for (VisitorLog granted : store.grantedWithoutUnlock(now.minusSeconds(3), 100)) {
            if (granted.commandId().isEmpty() || granted.adminId().isEmpty()) {
                continue;
            }
            LOG.warnf("visitor %s was granted but its unlock was never recorded; requesting it now", granted.id());
            requestUnlock(granted, granted.commandId().get(), granted.adminId().get());
            events.processed(granted, VisitorDecision.GRANTED, granted.adminId(), granted.decidedAt().orElse(now));
        }
    }
}
