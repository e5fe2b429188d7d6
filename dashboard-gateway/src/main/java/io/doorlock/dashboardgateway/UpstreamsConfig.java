package io.doorlock.dashboardgateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where dashboard-gateway finds the services whose data it queries over their {@code /internal} routes. */
@ConfigMapping(prefix = "doorlock.dashboard-gateway.upstreams")
public interface UpstreamsConfig {

    /** Base URL of device-gateway (any replica: presence is shared), for the admin health routes. */
    @WithDefault("http://127.0.0.1:8081")
    String deviceGatewayUrl();

    /** Base URL of audit-service (any replica), for the audit trail and the usage figures. */
    @WithDefault("http://127.0.0.1:8083")
    String auditServiceUrl();
}
