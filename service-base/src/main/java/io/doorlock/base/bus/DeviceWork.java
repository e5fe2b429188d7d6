package io.doorlock.base.bus;

import io.doorlock.base.metrics.Gauges;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The service's pool for bus messages about devices: a consumer decodes a message in arrival order and hands the
 * work to {@link #submit}, keyed by device. One device's work runs in order; different devices run in parallel on
 * {@code doorlock.bus.workers} threads. {@code doorlock_bus_work_pending} counts what is waiting or running.
 *
 * <p>At shutdown the work already taken is finished (up to 10 s) before the threads stop.
 */
@ApplicationScoped
public class DeviceWork {

    private static final Logger LOG = Logger.getLogger(DeviceWork.class);

    private final ExecutorService pool;
    private final KeyedSerialExecutor executor;

    public DeviceWork(BusConfig config, MeterRegistry registry, Gauges gauges) {
        this.pool = Executors.newFixedThreadPool(Math.max(1, config.workers()), new Named());
        this.executor = new KeyedSerialExecutor(pool, (device, e) -> {
            registry.counter("doorlock_bus_work_failures_total").increment();
            LOG.errorf(e, "handling a bus message about %s failed", device);
        });
        gauges.register("doorlock_bus_work_pending", Tags.empty(), executor, KeyedSerialExecutor::pending);
    }

    /** Runs {@code work} after the work submitted earlier for the same device. */
    public void submit(String deviceId, Runnable work) {
        executor.submit(deviceId, work);
    }

    public long pending() {
        return executor.pending();
    }

    @PreDestroy
    void drain() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (executor.pending() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (executor.pending() > 0) {
            LOG.warnf("%d bus messages still being handled at shutdown", executor.pending());
        }
        pool.shutdownNow();
    }

    private static final class Named implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "bus-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
