package io.doorlock.devicegateway.intake;

import io.doorlock.devicegateway.event.DeviceEventPublisher;
import io.doorlock.common.bus.Transport;

import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.common.bus.ConnectionMetadata;
import io.doorlock.common.device.DeviceHeartbeat;
import io.doorlock.common.device.FromDevice;
import io.doorlock.common.device.LowBattery;
import io.doorlock.common.envelope.ErrorCode;
import io.doorlock.common.envelope.ErrorData;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.common.validation.ValidationResult;
import io.doorlock.devicegateway.presence.ConnectionManager;
import io.doorlock.devicegateway.credentials.DeviceIdentity;
import io.doorlock.devicegateway.presence.BatteryWatch;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What happens to a validated Device-to-Backend event, whichever transport brought it: the device-id check, the
 * heartbeat bookkeeping, the low-battery crossing, and publication on the bus. The WebSocket and MQTT adapters
 * validate with the same validator and then call this, so both transports behave alike by construction.
 */
@ApplicationScoped
public class DeviceEventIntake {

    private static final Logger LOG = Logger.getLogger(DeviceEventIntake.class);

    private final DeviceEventPublisher events;
    private final ConnectionManager connections;
    private final BatteryWatch battery;
    private final MeterRegistry metrics;

    public DeviceEventIntake(DeviceEventPublisher events, ConnectionManager connections, BatteryWatch battery, MeterRegistry metrics) {
        this.events = events;
        this.connections = connections;
        this.battery = battery;
        this.metrics = metrics;
    }

    /**
     * Takes a valid event from {@code device}. Returns the error to answer the device with, if any; empty means the
     * event was accepted (published, or deliberately not repeated).
     *
     * @param connectionId the WebSocket connection id, empty for MQTT
     */
    public Optional<ErrorData> accept(DeviceIdentity device, ValidationResult.Valid valid, ConnectionMetadata metadata, Optional<String> connectionId) {
        FromDevice event = (FromDevice) valid.message();
        Optional<String> claimed = event.claimedDeviceId();
        if (claimed.isPresent() && !claimed.get().equals(device.deviceId())) {
            metrics.counter("doorlock_validation_errors_total", "code", ErrorCode.DEVICE_MISMATCH.name(), "endpoint", endpoint(metadata)).increment();
            return Optional.of(ErrorData.of(ErrorCode.DEVICE_MISMATCH, "deviceId " + claimed.get() + " is not this connection's device"));
        }
        Optional<DeviceHeartbeat> heartbeat = event instanceof DeviceHeartbeat h ? Optional.of(h) : Optional.empty();
        if (metadata.source() != Transport.HTTP) {
            // Presence is about links that can take commands; an HTTP request is not one (it is only recorded).
            connections.seen(device, metadata.source(), connectionId, heartbeat);
        }
        try {
            if (event instanceof LowBattery && !firstReport(device)) {
                metrics.counter("doorlock_low_battery_repeats_total").increment();
                LOG.debugf("low_battery of %s already reported for this crossing; not repeated", device.deviceId());
                return Optional.empty();
            }
            events.publish(device, valid.event(), valid.message(), metadata, valid.id());
            Optional<Integer> level = heartbeat.flatMap(DeviceHeartbeat::batteryLevel);
            if (level.isPresent() && crossedLow(device, level.get())) {
                events.publish(device, EventNames.LOW_BATTERY, new LowBattery(device.deviceId(), level.get(), Optional.of(Instant.now())), metadata,
                        valid.id().map(id -> id + "/low_battery"));
            }
            return Optional.empty();
        } catch (BusUnavailableException e) {
            LOG.warnf("event %s of %s not accepted: %s", valid.event(), device.deviceId(), e.getMessage());
            return Optional.of(ErrorData.of(ErrorCode.UNAVAILABLE, "the platform could not accept the event; send it again"));
        }
    }

    /** The battery flag lives in the database; when it is away, a device's own report goes out rather than being lost. */
    private boolean firstReport(DeviceIdentity device) {
        try {
            return battery.admitReport(device.deviceId());
        } catch (RuntimeException e) {
            LOG.warnf("low-battery flag of %s not readable: %s", device.deviceId(), e.getMessage());
            return true;
        }
    }

    private boolean crossedLow(DeviceIdentity device, int level) {
        try {
            return battery.crossedLow(device.deviceId(), level);
        } catch (RuntimeException e) {
            LOG.warnf("low-battery flag of %s not writable: %s", device.deviceId(), e.getMessage());
            return false;
        }
    }

    static String endpoint(ConnectionMetadata metadata) {
        return switch (metadata.source()) {
            case MQTT -> "device-mqtt";
            case WEBSOCKET -> "device-ws";
            default -> "device-" + metadata.source().name().toLowerCase();
        };
    }
}
