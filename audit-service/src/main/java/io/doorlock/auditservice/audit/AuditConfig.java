package io.doorlock.auditservice.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of the audit trail. */
@ConfigMapping(prefix = "doorlock.audit")
public interface AuditConfig {

    /** How long device events are kept; MongoDB's TTL index deletes older ones (not enforced by the wire server used in tests). */
    @WithDefault("90d")
    Duration retention();
}
