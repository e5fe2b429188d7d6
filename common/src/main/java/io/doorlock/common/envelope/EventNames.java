package io.doorlock.common.envelope;

/** Event names of the seed's "WebSocket Events Reference", plus the few the platform adds. */
public final class EventNames {
    // both directions / both clients
    public static final String AUTHENTICATE = "authenticate";
    public static final String AUTHENTICATED = "authenticated";
    public static final String ERROR = "error";

    // Device -> Backend
    public static final String DEVICE_REGISTER = "device_register";
    public static final String DEVICE_HEARTBEAT = "device_heartbeat";
    public static final String DOOR_STATUS_CHANGED = "door_status_changed";
    public static final String SNAPSHOT_READY = "snapshot_ready";
    public static final String MOTION_DETECTED = "motion_detected";
    public static final String LOW_BATTERY = "low_battery";
    public static final String ERROR_OCCURRED = "error_occurred";
    public static final String COMMAND_ACK = "command_ack";

    // Dashboard -> Backend
    public static final String SUBSCRIBE_DEVICE = "subscribe_device";
    public static final String UNSUBSCRIBE_DEVICE = "unsubscribe_device";
    public static final String SEND_COMMAND = "send_command";
    public static final String REQUEST_DEVICE_STATUS = "request_device_status";
    public static final String CANCEL_COMMAND = "cancel_command";

    // Backend -> Dashboard
    public static final String NEW_VISITOR = "new_visitor";
    public static final String VISITOR_PROCESSED = "visitor_processed";
    public static final String DEVICE_CONNECTED = "device_connected";
    public static final String DEVICE_DISCONNECTED = "device_disconnected";
    public static final String DEVICE_STATUS = "device_status";
    public static final String COMMAND_STATUS = "command_status";
    public static final String SYSTEM_ALERT = "system_alert";
    public static final String SUBSCRIBED = "subscribed";
    public static final String UNSUBSCRIBED = "unsubscribed";

    private EventNames() {}
}
