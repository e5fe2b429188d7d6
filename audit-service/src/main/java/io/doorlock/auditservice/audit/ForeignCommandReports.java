package io.doorlock.auditservice.audit;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Projections.include;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.unset;

import com.mongodb.client.MongoCollection;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Keeps what a device reports about another device's command out of that command's history. A device's
 * {@code command_ack} (or {@code snapshot_ready}) names its command by id, and the trail links it by that id
 * ({@code commandId}, and the gateway's {@code correlationId}, which is the command id when the gateway did not send the
 * command itself). The command's device is the one of its steps (request, dispatch, delivery, states). A report from
 * any other device is kept in that device's own trail, the id still in its payload, but its {@code commandId} and
 * {@code correlationId} are removed, and it is counted in {@code doorlock_audit_foreign_command_events_total{event}}.
 *
 * <p>Checked after each batch is stored, for every command the batch names, against everything stored for those
 * commands: so the order does not matter (a report stored before its command's first step is unlinked when the step
 * comes), and two replicas storing the report and the step at the same time cannot both miss the other's insert.
 */
@ApplicationScoped
public class ForeignCommandReports {

    private static final Logger LOG = Logger.getLogger(ForeignCommandReports.class);

    private final DeviceEventStore store;
    private final MeterRegistry metrics;

    public ForeignCommandReports(DeviceEventStore store, MeterRegistry metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** Unlinks the foreign reports about the commands that {@code stored} (a batch just stored) names. */
    public void unlink(List<DeviceEventDocument> stored) {
        Set<String> commandIds = stored.stream().map(event -> event.commandId).filter(Objects::nonNull).collect(Collectors.toSet());
        if (commandIds.isEmpty()) {
            return;
        }
        MongoCollection<Document> events = store.mongoCollection().withDocumentClass(Document.class);
        Map<String, String> deviceOfCommand = new HashMap<>();
        List<Document> reports = new ArrayList<>();
        for (Document event : events.find(in("commandId", commandIds)).projection(include("commandId", "deviceId", "eventType"))) {
            if (AuditMapper.isCommandStep(event.getString("eventType"))) {
                deviceOfCommand.putIfAbsent(event.getString("commandId"), event.getString("deviceId"));
            } else {
                reports.add(event);
            }
        }
        Map<String, List<Object>> foreignByType = new HashMap<>();
        for (Document report : reports) {
            String device = deviceOfCommand.get(report.getString("commandId"));
            if (device != null && !device.equals(report.getString("deviceId"))) {
                foreignByType.computeIfAbsent(report.getString("eventType"), type -> new ArrayList<>()).add(report.get("_id"));
                LOG.infof("%s of device %s names command %s of device %s: kept out of the command's history", report.getString("eventType"),
                        report.getString("deviceId"), report.getString("commandId"), device);
            }
        }
        foreignByType.forEach((type, ids) -> {
            // Counted once: of two replicas unlinking the same report, only one modifies it.
            long unlinked = events.updateMany(and(in("_id", ids), ne("commandId", null)), combine(unset("commandId"), unset("correlationId")))
                    .getModifiedCount();
            if (unlinked > 0) {
                metrics.counter("doorlock_audit_foreign_command_events_total", "event", type).increment(unlinked);
            }
        });
    }
}
