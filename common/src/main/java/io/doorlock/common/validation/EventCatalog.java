package io.doorlock.common.validation;

import static io.doorlock.common.envelope.EventNames.*;

import io.doorlock.common.command.CommandType;
import io.doorlock.common.command.DeviceCommand;
import io.doorlock.common.dashboard.CancelCommand;
import io.doorlock.common.dashboard.CommandStatus;
import io.doorlock.common.dashboard.DashboardAuthenticate;
import io.doorlock.common.dashboard.DashboardAuthenticated;
import io.doorlock.common.dashboard.DeviceConnected;
import io.doorlock.common.dashboard.DeviceDisconnected;
import io.doorlock.common.dashboard.DeviceStatus;
import io.doorlock.common.dashboard.NewVisitor;
import io.doorlock.common.dashboard.RequestDeviceStatus;
import io.doorlock.common.dashboard.SendCommand;
import io.doorlock.common.dashboard.SubscribeDevice;
import io.doorlock.common.dashboard.Subscribed;
import io.doorlock.common.dashboard.SystemAlert;
import io.doorlock.common.dashboard.UnsubscribeDevice;
import io.doorlock.common.dashboard.VisitorProcessed;
import io.doorlock.common.device.CommandAck;
import io.doorlock.common.device.DeviceAuthenticate;
import io.doorlock.common.device.DeviceAuthenticated;
import io.doorlock.common.device.DeviceHeartbeat;
import io.doorlock.common.device.DeviceRegister;
import io.doorlock.common.device.DoorStatusChanged;
import io.doorlock.common.device.ErrorOccurred;
import io.doorlock.common.device.LowBattery;
import io.doorlock.common.device.MotionDetected;
import io.doorlock.common.device.SnapshotReady;
import io.doorlock.common.envelope.ErrorData;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashSet;

/**
 * Which event names each direction accepts and which record each maps to. Backend-to-Device commands map to
 * {@link DeviceCommand}: the validator reads their header and their {@link CommandType#payloadType()}.
 */
public final class EventCatalog {

    private static final Map<Direction, Map<String, Class<?>>> EVENTS = new EnumMap<>(Direction.class);

    static {
        EVENTS.put(Direction.DEVICE_TO_BACKEND, ordered(
                AUTHENTICATE, DeviceAuthenticate.class,
                DEVICE_REGISTER, DeviceRegister.class,
                DEVICE_HEARTBEAT, DeviceHeartbeat.class,
                DOOR_STATUS_CHANGED, DoorStatusChanged.class,
                SNAPSHOT_READY, SnapshotReady.class,
                MOTION_DETECTED, MotionDetected.class,
                LOW_BATTERY, LowBattery.class,
                ERROR_OCCURRED, ErrorOccurred.class,
                COMMAND_ACK, CommandAck.class));
        Map<String, Class<?>> toDevice = ordered(AUTHENTICATED, DeviceAuthenticated.class, ERROR, ErrorData.class);
        Arrays.stream(CommandType.values()).forEach(t -> toDevice.put(t.wireName(), DeviceCommand.class));
        EVENTS.put(Direction.BACKEND_TO_DEVICE, toDevice);
        EVENTS.put(Direction.DASHBOARD_TO_BACKEND, ordered(
                AUTHENTICATE, DashboardAuthenticate.class,
                SUBSCRIBE_DEVICE, SubscribeDevice.class,
                UNSUBSCRIBE_DEVICE, UnsubscribeDevice.class,
                SEND_COMMAND, SendCommand.class,
                REQUEST_DEVICE_STATUS, RequestDeviceStatus.class,
                CANCEL_COMMAND, CancelCommand.class));
        EVENTS.put(Direction.BACKEND_TO_DASHBOARD, ordered(
                NEW_VISITOR, NewVisitor.class,
                VISITOR_PROCESSED, VisitorProcessed.class,
                DEVICE_CONNECTED, DeviceConnected.class,
                DEVICE_DISCONNECTED, DeviceDisconnected.class,
                DEVICE_STATUS, DeviceStatus.class,
                COMMAND_STATUS, CommandStatus.class,
                SYSTEM_ALERT, SystemAlert.class,
                AUTHENTICATED, DashboardAuthenticated.class,
                SUBSCRIBED, Subscribed.class,
                UNSUBSCRIBED, Subscribed.class,
                ERROR, ErrorData.class));
    }

    private EventCatalog() {}

    /** The record for {@code event} in {@code direction}, or empty when the event is unknown there. */
    public static Optional<Class<?>> recordFor(Direction direction, String event) {
        return Optional.ofNullable(EVENTS.get(direction).get(event));
    }

    /** Every event name the direction accepts, in the seed's table order. */
    public static Set<String> eventNames(Direction direction) {
        return Collections.unmodifiableSet(EVENTS.get(direction).keySet());
    }

    /** Every record class in the catalog (for reflection registration checks). */
    public static Set<Class<?>> allRecords() {
        Set<Class<?>> all = new LinkedHashSet<>();
        EVENTS.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    private static Map<String, Class<?>> ordered(Object... pairs) {
        Map<String, Class<?>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Class<?>) pairs[i + 1]);
        }
        return map;
    }
}
