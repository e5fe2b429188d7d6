package io.doorlock.dashboardgateway.push;

import java.time.Instant;
import java.util.Collection;

/**
 * How the features reach the dashboards connected to this replica (the seed's {@code user:<id>} and {@code admin}
 * rooms), without knowing about sessions. Frames are queued per dashboard: a slow dashboard only slows itself.
 */
public interface DashboardPush {

    /** Queues {@code frame} for every open dashboard of the given users and of every platform admin. */
    void sendToUsersAndAdmins(Collection<String> userIds, OutgoingFrame frame);

    /** Queues {@code frame} for the {@code admin} role room only. */
    void sendToAdmins(OutgoingFrame frame);

    /**
     * Tells and closes every dashboard of {@code userId} that uses the revoked token ({@code tokenId}, or every token
     * issued before {@code revokedAt} when it is {@code TokenRevoked.ALL_TOKENS}).
     */
    void closeToken(String userId, String tokenId, Instant revokedAt);

    /** Dashboard connections open on this replica. */
    int connectionCount();
}
