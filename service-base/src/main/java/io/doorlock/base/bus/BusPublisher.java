package io.doorlock.base.bus;

import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.json.JsonCodec;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.mqtt.MqttMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import java.time.Duration;

/**
 * Publishes {@link BusEnvelope}s at QoS 1 on the internal bus and waits for the broker's PUBACK, so a caller knows
 * the message reached the broker before it answers its own client.
 */
@ApplicationScoped
public class BusPublisher {

    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

    private final MutinyEmitter<byte[]> emitter;
    private final JsonCodec codec;
    private final BusConfig config;
    private final String producer;
    private final BusReplay replay;
    private final BusKeyring keyring;

    public BusPublisher(
            @Channel("bus-out") MutinyEmitter<byte[]> emitter,
            JsonCodec codec,
            BusConfig config,
            @ConfigProperty(name = "quarkus.application.name") String producer,
            BusReplay replay,
            BusKeyring keyring) {
        this.emitter = emitter;
        this.codec = codec;
        this.config = config;
        this.producer = producer;
        this.replay = replay;
        this.keyring = keyring;
    }

    /** Builds an envelope around {@code data} and publishes it; returns the envelope that was sent. */
    public BusEnvelope publish(String topic, String type, String deviceId, Optional<String> userId, String correlationId, Object data) {
        return publish(topic, UUID.randomUUID().toString(), type, deviceId, userId, correlationId, data);
    }

    /**
     * The same with the message id chosen by the caller: a message sent again (a device's retry of the same request)
     * keeps its id, so its consumers (the audit trail's unique index) take it once.
     */
    public BusEnvelope publish(String topic, String messageId, String type, String deviceId, Optional<String> userId, String correlationId,
            Object data) {
        BusEnvelope envelope = new BusEnvelope(messageId, type, Instant.now(), producer, correlationId,
                deviceId, userId, codec.toTree(data));
        publish(topic, envelope);
        return envelope;
    }

    /** Publishes {@code envelope}, signed with this service's bus key. */
    public void publish(String topic, BusEnvelope envelope) {
        publishRaw(topic, keyring.sign(codec.encodeBytes(envelope)), false);
    }

    /** Publishes a JSON object signed with this service's bus key, e.g. a retained registry record. */
    public void publishSigned(String topic, byte[] json, boolean retain) {
        publishRaw(topic, keyring.sign(json), retain);
    }

    /**
     * Publishes bytes as they are: device-facing topics (plain envelopes, not bus envelopes), and bus messages
     * forwarded unchanged with their producer's signature.
     */
    public void publishRaw(String topic, byte[] payload, boolean retain) {
        long deadline = System.nanoTime() + config.publishTimeout().toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                emitter.sendMessage(MqttMessage.of(topic, payload, MqttQoS.AT_LEAST_ONCE, retain))
                        .await().atMost(Duration.ofNanos(Math.max(left, 1)));
                if (!retain) {
                    replay.published(topic, payload);
                }
                return;
            } catch (RuntimeException e) {
                // The session reconnects on its own; retry until the timeout, then give up loudly.
                if (System.nanoTime() + RETRY_PAUSE.toNanos() >= deadline) {
                    throw new BusUnavailableException("could not publish to " + topic + ": " + e.getMessage(), e);
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusUnavailableException("interrupted while waiting for the broker", e);
        }
    }

    public String producer() {
        return producer;
    }
}
