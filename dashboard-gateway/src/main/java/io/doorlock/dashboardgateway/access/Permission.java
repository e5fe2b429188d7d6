package io.doorlock.dashboardgateway.access;

import java.util.EnumSet;
import java.util.Set;

/** The seed's permission levels. Each level implies the ones before it. */
public enum Permission {
    VIEW,
    CONTROL,
    ADMIN;

    /** This level and every level it implies, e.g. CONTROL gives {VIEW, CONTROL}. */
    public Set<Permission> granted() {
        Set<Permission> set = EnumSet.noneOf(Permission.class);
        for (Permission p : values()) {
            if (p.ordinal() <= ordinal()) {
                set.add(p);
            }
        }
        return set;
    }
}
