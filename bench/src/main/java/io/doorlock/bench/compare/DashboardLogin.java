package io.doorlock.bench.compare;

import java.util.List;

/**
 * A dashboard user's access token and the devices it sends commands to.
 *
 * @param username who
 * @param token the access token its dashboard connects with
 * @param devices the devices this dashboard commands (owned or shared)
 */
record DashboardLogin(String username, String token, List<DeviceLogin> devices) {}
