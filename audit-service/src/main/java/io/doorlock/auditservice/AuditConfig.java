package io.doorlock.auditservice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of the audit trail. */
@ConfigMapping(prefix = "doorlock.audit")
public interface AuditConfig {

    /** How long device events are kept; MongoDB's TTL index deletes older ones (not enforced by the wire server used in tests). */
    @WithDefault("90d")
    Duration retention();

    /** The most events written in one bulk insert. Under load a batch holds whatever arrived while the previous one was written. */
    @WithDefault("500")
    int batchSize();

    /** First wait before a failed batch is written again; it doubles up to {@link #retryMaxBackoff()}. */
    @WithDefault("200ms")
    Duration retryBackoff();

    /** Longest wait between two attempts at writing a failed batch. The batch is retried until it is stored. */
    @WithDefault("5s")
    Duration retryMaxBackoff();
}
