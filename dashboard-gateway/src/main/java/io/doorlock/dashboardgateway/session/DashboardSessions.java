package io.doorlock.dashboardgateway.session;

import io.doorlock.dashboardgateway.DashboardGatewayConfig;
import io.doorlock.dashboardgateway.auth.UserPrincipal;
import io.doorlock.dashboardgateway.push.DashboardPush;
import io.doorlock.dashboardgateway.push.OutgoingFrame;
import io.micrometer.core.instrument.MeterRegistry;
import io.doorlock.gatewaybase.connection.ClientConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;
import io.doorlock.base.metrics.Gauges;
import io.doorlock.common.bus.TokenRevoked;
import io.doorlock.common.envelope.CloseReasons;
import io.doorlock.common.envelope.ErrorCode;
import io.micrometer.core.instrument.Tags;
import io.quarkus.websockets.next.CloseReason;
import java.time.Instant;
import java.util.Map;

/**
 * Dashboard WebSockets held by this instance, indexed by user: the seed's {@code user:<id>} rooms. Every
 * dashboard-gateway replica consumes every bus event and delivers to its own sessions.
 */
@ApplicationScoped
public class DashboardSessions implements DashboardPush {

    private static final Logger LOG = Logger.getLogger(DashboardSessions.class);

    private final ConcurrentMap<String, DashboardSession> byConnection = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<DashboardSession>> byUser = new ConcurrentHashMap<>();
    private final Set<DashboardSession> admins = ConcurrentHashMap.newKeySet();

    private final SessionCloser closer;
    private final DashboardGatewayConfig config;
    private final MeterRegistry metrics;

    public DashboardSessions(MeterRegistry metrics, SessionCloser closer, DashboardGatewayConfig config, Gauges gauges) {
        this.closer = closer;
        this.config = config;
        this.metrics = metrics;
        gauges.register("doorlock_dashboard_connections", Tags.empty(), byConnection, Map::size);
    }

    @Override
    public int connectionCount() {
        return byConnection.size();
    }

    DashboardSession open(ClientConnection connection) {
        DashboardSession session = new DashboardSession(connection, config.outboxCapacity(), config.outboxStuckAfter());
        byConnection.put(connection.id(), session);
        return session;
    }

    Optional<DashboardSession> session(ClientConnection connection) {
        return Optional.ofNullable(byConnection.get(connection.id()));
    }

    void attach(DashboardSession session, UserPrincipal user) {
        session.user(user);
        // Inside compute, so a concurrent close of the same user's last tab cannot drop the set we add to.
        byUser.compute(user.userId(), (k, set) -> {
            Set<DashboardSession> sessions = set == null ? ConcurrentHashMap.newKeySet() : set;
            sessions.add(session);
            return sessions;
        });
        if (user.isAdmin()) {
            admins.add(session);
        }
    }

    Optional<DashboardSession> close(ClientConnection connection) {
        DashboardSession session = byConnection.remove(connection.id());
        if (session != null) {
            admins.remove(session);
            session.user().ifPresent(u -> byUser.computeIfPresent(u.userId(), (k, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            }));
        }
        return Optional.ofNullable(session);
    }

    @Override
    public void sendToUsersAndAdmins(Collection<String> userIds, OutgoingFrame frame) {
        Set<DashboardSession> targets = ConcurrentHashMap.newKeySet();
        for (String userId : userIds) {
            targets.addAll(byUser.getOrDefault(userId, Set.of()));
        }
        targets.addAll(admins);
        send(targets, frame);
    }

    @Override
    public void closeToken(String userId, String tokenId, Instant revokedAt) {
        for (DashboardSession session : byUser.getOrDefault(userId, Set.of())) {
            boolean matches = session.user().map(u -> u.tokenId().equals(tokenId)
                    || (TokenRevoked.ALL_TOKENS.equals(tokenId) && u.issuedAt().isBefore(revokedAt))).orElse(false);
            if (matches) {
                closer.close(session.connection(), ErrorCode.AUTH_FAILED, "signed out",
                        CloseReasons.AUTH_FAILED, "token revoked");
            }
        }
    }

    @Override
    public void sendToAdmins(OutgoingFrame frame) {
        send(new ArrayList<>(admins), frame);
    }

    /**
     * Queues {@code frame} for each target. A slow dashboard loses its oldest status frames (logged and counted); one
     * that stays stuck is closed, so it never holds up anybody else.
     */
    private void send(Collection<DashboardSession> targets, OutgoingFrame frame) {
        for (DashboardSession session : targets) {
            if (!session.connection().isOpen()) {
                continue;
            }
            Outbox.Result result = session.outbox().offer(frame.frame(), frame.supersedeKey());
            if (result == Outbox.Result.QUEUED_AFTER_DROP) {
                metrics.counter("doorlock_dashboard_frames_dropped_total").increment();
                LOG.infof("dashboard %s is slow: dropped its oldest superseded status frame to queue a %s (%d so far)",
                        session.connection().id(), frame.event(), session.outbox().dropped());
            } else if (result == Outbox.Result.STUCK) {
                metrics.counter("doorlock_dashboard_slow_closed_total").increment();
                LOG.warnf("dashboard %s stopped reading; closing it", session.connection().id());
                session.connection().close(new CloseReason(CloseReasons.TRY_AGAIN_LATER,
                        "too slow")).subscribe().with(v -> { }, e -> { });
            }
        }
    }
}
