package io.doorlock.auditservice.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.command.CommandState;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bson.Document;

/**
 * Turns a bus message into a {@link DeviceEventDocument}. Event types: device events keep their own name
 * ({@code device_heartbeat}, {@code command_ack}, {@code device_connected}, ...); command-service and the gateways'
 * command messages become {@code command_requested}, {@code command_dispatched}, {@code command_delivered} and
 * {@code command_<state>} ({@code command_queued}, {@code command_sent}, {@code command_executed}, ...).
 */
public final class AuditMapper {

    private static final String REQUESTED = "command_requested";
    private static final String DISPATCHED = "command_dispatched";
    private static final String DELIVERED = "command_delivered";
    private static final String STATE_PREFIX = "command_";
    /** The steps the platform records for a command; anything else that names a command is a device's report. */
    private static final Set<String> COMMAND_STEPS = Stream.concat(Stream.of(REQUESTED, DISPATCHED, DELIVERED),
            Arrays.stream(CommandState.values()).map(state -> STATE_PREFIX + state.wireName())).collect(Collectors.toUnmodifiableSet());

    private AuditMapper() {}

    /**
     * True for a step the platform recorded for a command (its request, dispatch, delivery or a state), whose device is
     * the command's; false for what a device reported about a command ({@code command_ack}, {@code snapshot_ready}).
     */
    public static boolean isCommandStep(String eventType) {
        return COMMAND_STEPS.contains(eventType);
    }

    public static Optional<DeviceEventDocument> map(BusEnvelope envelope) {
        JsonNode data = envelope.data();
        DeviceEventDocument doc = new DeviceEventDocument();
        doc.id = envelope.id();
        doc.deviceId = envelope.deviceId();
        doc.userId = envelope.userId().orElse(null);
        doc.correlationId = envelope.correlationId();
        doc.timestamp = envelope.at();
        doc.producer = envelope.producer();
        doc.metadata = new DeviceEventDocument.Metadata();
        doc.metadata.source = "system";
        switch (envelope.type()) {
            case BusTypes.DEVICE_EVENT -> {
                doc.eventType = text(data, "event");
                JsonNode body = data.path("data");
                doc.payload = document(body);
                doc.commandId = textOrNull(body, "commandId");
                JsonNode meta = data.path("metadata");
                doc.metadata.ipAddress = textOrNull(meta, "ipAddress");
                doc.metadata.userAgent = textOrNull(meta, "userAgent");
                doc.metadata.socketId = textOrNull(meta, "socketId");
                doc.metadata.source = Optional.ofNullable(textOrNull(meta, "source")).orElse("system");
            }
            case BusTypes.COMMAND_REQUESTED -> command(doc, data, REQUESTED);
            case BusTypes.COMMAND_DISPATCH -> command(doc, data, DISPATCHED);
            case BusTypes.COMMAND_DELIVERY -> {
                command(doc, data, DELIVERED);
                doc.metadata.source = Optional.ofNullable(textOrNull(data, "transport")).orElse("system");
            }
            case BusTypes.COMMAND_STATUS -> command(doc, data, STATE_PREFIX + text(data, "status"));
            case BusTypes.VISITOR_NEW -> {
                doc.eventType = "new_visitor";
                doc.payload = document(data);
            }
            case BusTypes.VISITOR_PROCESSED -> {
                doc.eventType = "visitor_processed";
                doc.payload = document(data);
            }
            default -> {
                return Optional.empty();
            }
        }
        if (doc.eventType == null || doc.eventType.isBlank() || doc.deviceId == null) {
            return Optional.empty();
        }
        return Optional.of(doc);
    }

    private static void command(DeviceEventDocument doc, JsonNode data, String eventType) {
        doc.eventType = eventType;
        doc.commandId = textOrNull(data, "commandId");
        doc.payload = document(data);
    }

    private static Document document(JsonNode node) {
        return node != null && node.isObject() ? Document.parse(node.toString()) : new Document();
    }

    private static String text(JsonNode node, String field) {
        return Optional.ofNullable(textOrNull(node, field)).orElse("");
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
