package io.doorlock.localrun.broker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A role: a name and its ACLs, highest priority first (ties in the order they were added). */
record BrokerRole(String name, Optional<String> description, List<AclRule> acls) {

    BrokerRole {
        List<AclRule> sorted = new ArrayList<>(acls);
        sorted.sort(Comparator.comparingInt(AclRule::priority).reversed());
        acls = List.copyOf(sorted);
    }

    boolean hasAcl(String type, String topic) {
        return acls.stream().anyMatch(a -> a.type().equals(type) && a.topic().equals(topic));
    }

    BrokerRole withAcl(AclRule acl) {
        List<AclRule> more = new ArrayList<>(acls);
        more.add(acl);
        return new BrokerRole(name, description, more);
    }
}
