package io.doorlock.dashboardgateway.command;

import io.doorlock.base.bus.BusDecoder;
import io.doorlock.base.metrics.Gauges;
import io.doorlock.common.bus.CommandStatusChanged;
import io.doorlock.dashboardgateway.DashboardGatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Writes {@code command_status} events into {@link CommandHistory}; a shared subscription, so one replica writes each.
 * Statuses are written in batches ({@link StatusBatcher}), one bulk write per batch with one update per command
 * ({@link HistoryUpdate}); a batch that fails is logged and counted ({@code doorlock_command_history_write_failures_total})
 * and the command's next status repairs its row.
 */
@ApplicationScoped
public class CommandHistoryConsumer {

    private static final Logger LOG = Logger.getLogger(CommandHistoryConsumer.class);

    private final BusDecoder decoder;
    private final CommandHistory history;
    private final MeterRegistry metrics;
    private final ExecutorService writerThread;
    private final StatusBatcher batcher;

    public CommandHistoryConsumer(BusDecoder decoder, CommandHistory history, MeterRegistry metrics, DashboardGatewayConfig config,
            Gauges gauges) {
        this.decoder = decoder;
        this.history = history;
        this.metrics = metrics;
        this.writerThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "command-history-writer");
            t.setDaemon(true);
            return t;
        });
        int batchSize = config.history().batchSize();
        this.batcher = new StatusBatcher(batchSize, batchSize * 10, writerThread, this::write);
        gauges.register("doorlock_command_history_waiting", Tags.empty(), batcher, StatusBatcher::waiting);
    }

    void onStart(@Observes StartupEvent event) {
        try {
            history.ensureIndexes();
        } catch (RuntimeException e) {
            LOG.warnf("could not create the command history indexes yet: %s", e.getMessage());
        }
    }

    @Incoming("command-history")
    @Blocking
    public void onStatus(byte[] payload) {
        try {
            decoder.decode(payload, CommandStatusChanged.class).ifPresent(d -> offer(d.data()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "recording a command status failed");
        }
    }

    private void offer(CommandStatusChanged status) {
        try {
            batcher.offer(status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warnf("command %s status %s not recorded: interrupted (shutting down)", status.commandId(), status.status().wireName());
        }
    }

    private void write(List<CommandStatusChanged> batch) {
        try {
            history.applyAll(HistoryUpdate.latestPerCommand(batch));
        } catch (RuntimeException e) {
            metrics.counter("doorlock_command_history_write_failures_total").increment();
            LOG.errorf(e, "recording %d command statuses failed", batch.size());
        }
    }

    /** Writes what is waiting (up to 10 s) before the service stops. */
    @PreDestroy
    void drain() {
        writerThread.shutdown();
        try {
            if (!writerThread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warnf("%d command statuses not recorded at shutdown", batcher.waiting());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
