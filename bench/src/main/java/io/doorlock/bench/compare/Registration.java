package io.doorlock.bench.compare;

import java.util.List;

/** Makes (or finds again) the dashboard users and devices a run needs on one target, before the run. */
interface Registration {

    /** {@code dashboards} users, each commanding {@code devicesEach} devices of its own. */
    List<DashboardLogin> prepare(int dashboards, int devicesEach);
}
