package io.doorlock.common.topic;

import io.doorlock.common.id.Ids;
import io.doorlock.common.bus.DeviceCredentialRecord;
import io.doorlock.common.bus.SocketReplaced;
import java.util.Optional;

/**
 * Every MQTT topic of the platform, versioned under {@code doorlock/v1}. See docs/architecture.md for who publishes
 * and who subscribes.
 *
 * <p>Device-facing topics live under {@code doorlock/v1/devices/{deviceId}/}; a device's broker ACL confines it to
 * its own subtree. Internal bus topics live under {@code doorlock/v1/bus/}; devices may not touch them.
 */
public final class Topics {
    public static final String ROOT = "doorlock/v1";
    public static final String DEVICES = ROOT + "/devices";
    public static final String BUS = ROOT + "/bus";
    /** Prefix of every bus topic. */
    public static final String BUS_PREFIX = BUS + "/";
    /**
     * Any service -> audit-service only: bus messages published again after a bus outage (the broker may have dropped
     * them for the audit trail's shared subscription); the audit trail stores each message id once.
     */
    public static final String BUS_REPLAY = BUS + "/replay";
    /**
     * dashboard-gateway -> every device-gateway: one retained {@link DeviceCredentialRecord} per
     * registered device; an empty retained payload means the device was deleted.
     */
    public static final String REGISTRY_DEVICES = ROOT + "/registry/devices";
    /** Filter over every registry record. */
    public static final String REGISTRY_DEVICES_ALL = REGISTRY_DEVICES + "/+";

    /** dashboard-gateway -> command-service: a validated, permission-checked command request. */
    public static final String COMMAND_REQUESTED = BUS + "/commands/requested";
    /**
     * command-service -> one device-gateway (shared subscription): deliver this command to the device, for a device
     * whose holding replica command-service does not know (see {@link #routedDispatch(String)} for the others).
     */
    public static final String COMMAND_DISPATCH = BUS + "/commands/dispatch";
    /** device-gateway -> command-service: the command was written to the device's connection. */
    public static final String COMMAND_DELIVERY = BUS + "/commands/delivery";
    /** dashboard-gateway -> command-service: cancel a queued command (permission checked). */
    public static final String COMMAND_CANCEL = BUS + "/commands/cancel";
    /** command-service -> dashboard-gateways and audit: the command changed state. */
    public static final String COMMAND_STATUS = BUS + "/commands/status";
    /** device-gateway -> everyone: device events, one sub-topic per event name. */
    public static final String DEVICE_EVENTS = BUS + "/device-events";
    /** Filter over every device event on the bus. */
    public static final String DEVICE_EVENTS_ALL = DEVICE_EVENTS + "/+";
    /** dashboard-gateway -> every dashboard-gateway: an access token was revoked (logout); close its sockets. */
    public static final String TOKEN_REVOKED = BUS + "/auth/revoked";
    /**
     * device-gateway replica -> one device-gateway replica: a dispatch forwarded to the replica that holds the
     * device's WebSocket (see {@link #gatewayInbox(String)}). Outside {@code bus/} so that audit stores each dispatch once.
     */
    public static final String GATEWAYS = ROOT + "/gateways";
    /** dashboard-gateway -> every dashboard-gateway, audit: {@code new_visitor}. */
    public static final String VISITOR_NEW = BUS + "/visitors/new";
    /** dashboard-gateway -> every dashboard-gateway, audit: {@code visitor_processed}. */
    public static final String VISITOR_PROCESSED = BUS + "/visitors/processed";
    /** Filter over both visitor topics. */
    public static final String VISITORS_ALL = BUS + "/visitors/+";
    /** any service -> every dashboard-gateway (admin role room): {@code system_alert}. */
    public static final String SYSTEM_ALERTS = BUS + "/alerts/system";
    /** Filter over the whole internal bus. */
    public static final String BUS_ALL = BUS + "/#";

    /** Device suffixes under {@code doorlock/v1/devices/{deviceId}/}. */
    public static final String EVENTS = "events";
    public static final String COMMANDS = "commands";
    public static final String ACKS = "acks";
    public static final String STATUS = "status";
    public static final String ERRORS = "errors";

    private Topics() {}

    /** Device -> platform: device events (envelopes). */
    public static String deviceEvents(String deviceId) {
        return device(deviceId, EVENTS);
    }

    /** Platform -> device: commands (envelopes named after the command). */
    public static String deviceCommands(String deviceId) {
        return device(deviceId, COMMANDS);
    }

    /** Device -> platform: {@code command_ack} envelopes. */
    public static String deviceAcks(String deviceId) {
        return device(deviceId, ACKS);
    }

    /** Device -> platform: {@code online} / {@code offline} (retained; {@code offline} is the MQTT Last Will). */
    public static String deviceStatus(String deviceId) {
        return device(deviceId, STATUS);
    }

    /** Platform -> device: {@code error} envelopes answering invalid messages. */
    public static String deviceErrors(String deviceId) {
        return device(deviceId, ERRORS);
    }

    /** Filter over one device suffix of every device, e.g. {@code doorlock/v1/devices/+/events}. */
    public static String allDevices(String suffix) {
        return DEVICES + "/+/" + suffix;
    }

    /**
     * command-service -> the one device-gateway replica that holds the device's socket (as its last
     * {@code device_connected} said): a dispatch routed straight to that replica, under {@code bus/} so that audit
     * stores it as it stores any dispatch. The replica may still forward it once to {@link #gatewayInbox(String)} if
     * the socket has moved meanwhile.
     */
    public static String routedDispatch(String gatewayId) {
        if (!Ids.isValidId(gatewayId)) {
            throw new IllegalArgumentException("not a valid gateway id for a topic: " + gatewayId);
        }
        return COMMAND_DISPATCH + "/" + gatewayId;
    }

    /** The inbox of one device-gateway replica: dispatches forwarded to it because it holds the device's socket. */
    public static String gatewayInbox(String gatewayId) {
        if (!Ids.isValidId(gatewayId)) {
            throw new IllegalArgumentException("not a valid gateway id for a topic: " + gatewayId);
        }
        return GATEWAYS + "/" + gatewayId + "/dispatch";
    }

    /** Control messages for one device-gateway replica (e.g. {@link SocketReplaced}). */
    public static String gatewayControl(String gatewayId) {
        if (!Ids.isValidId(gatewayId)) {
            throw new IllegalArgumentException("not a valid gateway id for a topic: " + gatewayId);
        }
        return GATEWAYS + "/" + gatewayId + "/control";
    }

    /** A device topic split into device id and suffix; empty when {@code topic} is not {@code doorlock/v1/devices/{id}/{suffix}}. */
    public static Optional<DeviceTopic> parseDeviceTopic(String topic) {
        if (topic == null || !topic.startsWith(DEVICES + "/")) {
            return Optional.empty();
        }
        String rest = topic.substring(DEVICES.length() + 1);
        int slash = rest.indexOf('/');
        if (slash <= 0 || rest.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        String id = rest.substring(0, slash);
        return Ids.isValidId(id) ? Optional.of(new DeviceTopic(id, rest.substring(slash + 1))) : Optional.empty();
    }

    /** A parsed device topic. */
    public record DeviceTopic(String deviceId, String suffix) {}

    /** The retained registry record of one device. */
    public static String registryDevice(String deviceId) {
        if (!Ids.isValidId(deviceId)) {
            throw new IllegalArgumentException("not a valid device id for a topic: " + deviceId);
        }
        return REGISTRY_DEVICES + "/" + deviceId;
    }

    /** The device id of a registry topic, or empty when the topic is not one. */
    public static Optional<String> deviceOfRegistryTopic(String topic) {
        if (topic == null || !topic.startsWith(REGISTRY_DEVICES + "/")) {
            return Optional.empty();
        }
        String id = topic.substring(REGISTRY_DEVICES.length() + 1);
        return Ids.isValidId(id) ? Optional.of(id) : Optional.empty();
    }

    /** Bus topic of one device event name, e.g. {@code doorlock/v1/bus/device-events/command_ack}. */
    public static String busDeviceEvent(String eventName) {
        return DEVICE_EVENTS + "/" + eventName;
    }

    /** MQTT 5 / Mosquitto shared subscription: the members of {@code group} split the messages of {@code filter}. */
    public static String shared(String group, String filter) {
        return "$share/" + group + "/" + filter;
    }

    private static String device(String deviceId, String suffix) {
        if (!Ids.isValidId(deviceId)) {
            throw new IllegalArgumentException("not a valid device id for a topic: " + deviceId);
        }
        return DEVICES + "/" + deviceId + "/" + suffix;
    }
}
