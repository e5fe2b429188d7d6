package io.doorlock.localrun.broker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Who is logged in under which client id, and at which version of their account: recorded by the authenticator
 * before Moquette creates the session, so that a change of password, a disabling or a deletion can find and end every
 * session logged in before it, and the ACL checks refuse a session that slipped through. One entry per client id ever
 * used (a later login under the same id replaces it); entries of ended sessions go with the kick that ended them.
 */
final class LiveLogins {

    /** A login: the account and its version at that moment. */
    record Login(String username, long version) {}

    private final ConcurrentMap<String, Login> byClientId = new ConcurrentHashMap<>();

    void record(String clientId, BrokerClient client) {
        byClientId.put(clientId, new Login(client.username(), client.version()));
    }

    Optional<Login> of(String clientId) {
        return Optional.ofNullable(clientId).map(byClientId::get);
    }

    /** Whether {@code clientId} is logged in as {@code username} under the account's current version. */
    boolean isCurrent(String clientId, String username, SecurityRules rules) {
        return of(clientId).filter(login -> login.username().equals(username))
                .map(login -> rules.isCurrent(login.username(), login.version())).orElse(false);
    }

    /** The client ids last logged in by any of {@code usernames}, forgotten as they are returned. */
    List<String> takeClientIdsOf(Collection<String> usernames) {
        List<String> ids = new ArrayList<>();
        byClientId.forEach((clientId, login) -> {
            // only this very login: a newer one under the same id, made meanwhile, stays
            if (usernames.contains(login.username()) && byClientId.remove(clientId, login)) {
                ids.add(clientId);
            }
        });
        return ids;
    }
}
