package io.doorlock.localrun.broker;

import io.moquette.broker.ClientDescriptor;
import io.moquette.broker.Server;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Ends live sessions at once, through Moquette's {@link Server#disconnectClient}: every session logged in by an
 * account whose password changed or that was disabled or deleted, and any session that logged in just before such a
 * change but was only registered after it (checked when Moquette reports it connected).
 */
final class SessionKicker {

    private final Server server;
    private final LiveLogins logins;

    SessionKicker(Server server, LiveLogins logins) {
        this.server = server;
        this.logins = logins;
    }

    void endSessionsOf(Collection<String> usernames) {
        if (usernames.isEmpty()) {
            return;
        }
        Set<String> connected = server.listConnectedClients().stream().map(ClientDescriptor::getClientID).collect(Collectors.toSet());
        for (String clientId : logins.takeClientIdsOf(usernames)) {
            if (connected.contains(clientId)) {
                disconnect(clientId);
            }
        }
    }

    /** For a session Moquette just reported connected: ends it unless its login is still valid. */
    void endUnlessCurrent(String clientId, String username, SecurityRules rules) {
        boolean stale = logins.of(clientId)
                // a later login under this id by another account is that account's business
                .map(login -> login.username().equals(username) && !rules.isCurrent(login.username(), login.version()))
                // its login was taken by a kick while Moquette was still setting the session up
                .orElse(true);
        if (stale) {
            disconnect(clientId);
        }
    }

    private void disconnect(String clientId) {
        try {
            server.disconnectClient(clientId);
        } catch (RuntimeException e) {
            // Moquette 0.17 fails on a session that lost its connection in the meantime: it is gone either way
        }
    }
}
