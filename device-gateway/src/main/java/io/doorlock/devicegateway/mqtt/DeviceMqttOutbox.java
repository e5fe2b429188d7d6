package io.doorlock.devicegateway.mqtt;

import io.doorlock.base.bus.BusPublisher;
import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.base.ws.Frames;
import io.doorlock.common.envelope.ErrorData;
import io.doorlock.common.topic.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.logging.Logger;

/** What device-gateway publishes to MQTT devices: commands on {@code .../commands}, errors on {@code .../errors}. */
@ApplicationScoped
public class DeviceMqttOutbox {

    private static final Logger LOG = Logger.getLogger(DeviceMqttOutbox.class);

    private final BusPublisher bus;
    private final Frames frames;

    public DeviceMqttOutbox(BusPublisher bus, Frames frames) {
        this.bus = bus;
        this.frames = frames;
    }

    /** Publishes a command envelope at QoS 1 and returns once the broker has it (PUBACK). */
    public void sendCommand(String deviceId, String frame) {
        bus.publishRaw(Topics.deviceCommands(deviceId), frame.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Answers an invalid message on the device's error topic. Best effort: an error that cannot be sent is logged. */
    public void sendError(String deviceId, ErrorData error, Optional<String> requestId) {
        try {
            bus.publishRaw(Topics.deviceErrors(deviceId), frames.error(error, requestId).getBytes(StandardCharsets.UTF_8), false);
        } catch (BusUnavailableException e) {
            LOG.warnf("error for %s not published: %s", deviceId, e.getMessage());
        }
    }
}
