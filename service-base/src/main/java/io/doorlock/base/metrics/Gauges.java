package io.doorlock.base.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * Registers the services' gauges and removes them when the application stops. The registry Quarkus injects is
 * Micrometer's global composite, which outlives an application: without the removal, a gauge registered again after
 * a restart in the same JVM (every {@code @QuarkusTest} class with its own infrastructure) would keep reading the
 * previous application's object. Gauges hold their object strongly, so they never turn into NaN.
 */
@ApplicationScoped
public class Gauges {

    private final MeterRegistry registry;
    private final List<Gauge> owned = new CopyOnWriteArrayList<>();

    public Gauges(MeterRegistry registry) {
        this.registry = registry;
    }

    public <T> void register(String name, Tags tags, T source, ToDoubleFunction<T> value) {
        owned.add(Gauge.builder(name, source, value).tags(tags).strongReference(true).register(registry));
    }

    void onStop(@Observes ShutdownEvent event) {
        owned.forEach(registry::remove);
        owned.clear();
    }
}
