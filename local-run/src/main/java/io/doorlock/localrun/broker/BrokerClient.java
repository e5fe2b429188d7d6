package io.doorlock.localrun.broker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client account: username, the hash of its password, the client id it is bound to (devices), its roles (highest
 * priority first) and whether it is disabled. {@code version} is new at every change that must end its live sessions
 * (password, disabling, losing a role); a session logged in under an older version is no longer let through.
 */
record BrokerClient(String username, Optional<String> textName, Optional<PasswordHash> password, Optional<String> clientId,
        List<RoleRef> roles, boolean disabled, long version) {

    private static final AtomicLong VERSIONS = new AtomicLong();

    /** A role held by a client, with the priority the client holds it at. */
    record RoleRef(String name, int priority) {}

    BrokerClient {
        List<RoleRef> sorted = new ArrayList<>(roles);
        sorted.sort(Comparator.comparingInt(RoleRef::priority).reversed());
        roles = List.copyOf(sorted);
    }

    static long nextVersion() {
        return VERSIONS.incrementAndGet();
    }

    BrokerClient withPassword(PasswordHash hash) {
        return new BrokerClient(username, textName, Optional.of(hash), clientId, roles, disabled, nextVersion());
    }

    BrokerClient withDisabled(boolean disabled) {
        return new BrokerClient(username, textName, password, clientId, roles, disabled, nextVersion());
    }

    boolean holds(String role) {
        return roles.stream().anyMatch(r -> r.name().equals(role));
    }

    BrokerClient withoutRole(String role) {
        return new BrokerClient(username, textName, password, clientId, roles.stream().filter(r -> !r.name().equals(role)).toList(), disabled,
                nextVersion());
    }
}
