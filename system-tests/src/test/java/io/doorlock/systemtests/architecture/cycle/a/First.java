package io.doorlock.systemtests.architecture.cycle.a;

import io.doorlock.systemtests.architecture.cycle.b.Second;

/** Fixture: half of a deliberate package cycle, for {@code PackageCyclesTest}. */
public class First {
    Second next;
}
