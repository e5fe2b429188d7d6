package io.doorlock.auditservice.audit;

import io.doorlock.base.bus.BusDecoder;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Consumes the whole bus through a shared subscription ({@code $share/audit-service/doorlock/v1/bus/#}). */
@ApplicationScoped
public class AuditBusConsumer {

    private static final Logger LOG = Logger.getLogger(AuditBusConsumer.class);

    private final BusDecoder decoder;
    private final DeviceEventStore store;
    private final MeterRegistry metrics;

    public AuditBusConsumer(BusDecoder decoder, DeviceEventStore store, MeterRegistry metrics) {
        this.decoder = decoder;
        this.store = store;
        this.metrics = metrics;
    }

    @Incoming("audit-bus")
    @Blocking
    public void onMessage(byte[] payload) {
        try {
            decoder.envelope(payload).flatMap(AuditMapper::map).ifPresent(event -> {
                boolean stored = store.store(event);
                metrics.counter("doorlock_audit_events_total", "result", stored ? "stored" : "duplicate").increment();
            });
        } catch (RuntimeException e) {
            metrics.counter("doorlock_audit_events_total", "result", "failed").increment();
            LOG.errorf(e, "storing an audit event failed");
        }
    }
}
