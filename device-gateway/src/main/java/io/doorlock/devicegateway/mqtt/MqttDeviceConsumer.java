package io.doorlock.devicegateway.mqtt;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The MQTT device topics, through shared subscriptions ({@code $share/device-gateway/...}): the replicas split the
 * devices' messages between them. A thin adapter over {@link MqttDeviceHandler}; a failure is logged and the message
 * acknowledged, so one bad message cannot stall a channel.
 */
@ApplicationScoped
public class MqttDeviceConsumer {

    private static final Logger LOG = Logger.getLogger(MqttDeviceConsumer.class);

    private final MqttDeviceHandler handler;

    public MqttDeviceConsumer(MqttDeviceHandler handler) {
        this.handler = handler;
    }

    @Incoming("device-mqtt-events")
    @Blocking(ordered = false)
    public CompletionStage<Void> onEvent(Message<byte[]> message) {
        return handle(message);
    }

    @Incoming("device-mqtt-acks")
    @Blocking(ordered = false)
    public CompletionStage<Void> onAck(Message<byte[]> message) {
        return handle(message);
    }

    @Incoming("device-mqtt-status")
    @Blocking(ordered = false)
    public CompletionStage<Void> onStatus(Message<byte[]> message) {
        return handle(message);
    }

    private CompletionStage<Void> handle(Message<byte[]> message) {
        try {
            message.getMetadata(ReceivingMqttMessageMetadata.class)
                    .ifPresent(m -> handler.onMessage(m.getTopic(), message.getPayload()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "handling a device MQTT message failed");
        }
        return message.ack();
    }
}
