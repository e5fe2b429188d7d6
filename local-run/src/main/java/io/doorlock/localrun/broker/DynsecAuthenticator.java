package io.doorlock.localrun.broker;

import io.moquette.broker.security.IAuthenticator;
import java.util.Optional;

/**
 * Moquette's login check: a connection that came through the gate, an enabled account whose password matches its
 * salted hash, and, for an account bound to a client id (devices), that very client id. No anonymous clients.
 */
final class DynsecAuthenticator implements IAuthenticator {

    private final DynsecStore store;
    private final LiveLogins logins;
    private final GateTicket ticket;

    DynsecAuthenticator(DynsecStore store, LiveLogins logins, GateTicket ticket) {
        this.store = store;
        this.logins = logins;
        this.ticket = ticket;
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        Optional<BrokerClient> client = ticket.open(password).flatMap(plain -> store.rules().authenticate(username, plain, clientId));
        client.ifPresent(c -> logins.record(clientId, c));
        return client.isPresent();
    }
}
