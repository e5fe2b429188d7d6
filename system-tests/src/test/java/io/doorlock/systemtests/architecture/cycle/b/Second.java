package io.doorlock.systemtests.architecture.cycle.b;

import io.doorlock.systemtests.architecture.cycle.a.First;

/** Fixture: the other half of a deliberate package cycle, for {@code PackageCyclesTest}. */
public class Second {
    First previous;
}
