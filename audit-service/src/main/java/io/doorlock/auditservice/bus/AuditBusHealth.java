package io.doorlock.auditservice.bus;

import io.doorlock.auditservice.audit.AuditPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Probes of the audit subscription: ready while subscribed to the bus; alive while the writer thread runs. */
public final class AuditBusHealth {

    private AuditBusHealth() {}

    /** Readiness: the persistent session is connected and subscribed. */
    @Readiness
    @ApplicationScoped
    public static class Subscribed implements HealthCheck {
        private final AuditBusSubscriber subscriber;

        public Subscribed(AuditBusSubscriber subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("audit-bus").status(subscriber.isSubscribed()).build();
        }
    }

    /** Liveness: the batch writer thread is running. */
    @Liveness
    @ApplicationScoped
    public static class Writing implements HealthCheck {
        private final AuditPipeline pipeline;

        public Writing(AuditPipeline pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("audit-writer").status(pipeline.isWriting()).build();
        }
    }
}
