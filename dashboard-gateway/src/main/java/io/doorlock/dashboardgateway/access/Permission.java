package io.doorlock.dashboardgateway.access;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The seed's permission levels on a device. Each level implies the ones before it. {@code admin} is what changes the
 * device itself ({@code update_settings}, {@code restart_device}, {@code firmware_update}); the owner has it and may
 * share it. Ownership (delete, share, rotate the token, clear the trail) is not a level: it stays with the owner.
 */
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

    /** The name used on the wire and in stored shares: {@code view}, {@code control}, {@code admin}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level a name stands for ({@code view}, {@code control}, {@code admin}, any case), if any. */
    public static Optional<Permission> fromWireName(String name) {
        for (Permission p : values()) {
            if (p.wireName().equalsIgnoreCase(name.trim())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The highest level among stored share permissions ({@code ["view", "control"]} gives CONTROL); VIEW if none is known. */
    public static Permission highestOf(Iterable<String> names) {
        Permission highest = VIEW;
        for (String name : names) {
            Optional<Permission> p = fromWireName(name);
            if (p.isPresent() && p.get().ordinal() > highest.ordinal()) {
                highest = p.get();
            }
        }
        return highest;
    }
}
