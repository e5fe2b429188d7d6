package io.doorlock.localrun.broker;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The broker's accounts and roles: read once from the state file, changed only through {@link #change} (one change at
 * a time, each written to the file before it takes effect), read lock-free by every authentication and ACL check.
 */
final class DynsecStore {

    private final Path file;
    private volatile SecurityRules rules;

    private DynsecStore(Path file, SecurityRules rules) {
        this.file = file;
        this.rules = rules;
    }

    static DynsecStore open(Path file) {
        return new DynsecStore(file, DynsecFile.read(file));
    }

    SecurityRules rules() {
        return rules;
    }

    /** Applies {@code change}, saves the result and makes it the current state. */
    synchronized SecurityRules change(UnaryOperator<SecurityRules> change) {
        SecurityRules next = change.apply(rules);
        if (next != rules) {
            DynsecFile.write(file, next);
            rules = next;
        }
        return next;
    }
}
