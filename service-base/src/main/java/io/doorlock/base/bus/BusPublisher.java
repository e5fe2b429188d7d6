package io.doorlock.base.bus;

import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.json.JsonCodec;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.mqtt.MqttMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes {@link BusEnvelope}s at QoS 1 on the internal bus. {@link #publish} waits for the broker's PUBACK, so a
 * caller knows the message reached the broker before it answers its own client. {@link #publishAsync} does not wait:
 * for a caller whose message is durable elsewhere and sent again until it is confirmed (the dashboard's command
 * outbox), so that its thread is not parked on the broker.
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
    /** Asynchronous publishes the broker has not acknowledged yet, bounded below the emitter's buffer. */
    private final Semaphore inFlight;

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
        this.inFlight = new Semaphore(Math.max(1, config.asyncInFlight()));
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
        BusEnvelope envelope = envelope(messageId, type, deviceId, userId, correlationId, data);
        publish(topic, envelope);
        return envelope;
    }

    /**
     * Builds an envelope around {@code data} and publishes it without waiting for the broker. The stage completes
     * with the envelope once the broker acknowledged it, or fails with {@link BusUnavailableException} when it did not
     * within {@code doorlock.bus.publish-timeout}; it is not retried here (the caller's own store sends it again). When
     * {@code doorlock.bus.async-in-flight} publishes are still unacknowledged, this one is published as
     * {@link #publish} does, on the caller's thread: a caller faster than the broker is slowed, never dropped.
     */
    public CompletionStage<BusEnvelope> publishAsync(String topic, String type, String deviceId, Optional<String> userId,
            String correlationId, Object data) {
        BusEnvelope envelope = envelope(UUID.randomUUID().toString(), type, deviceId, userId, correlationId, data);
        byte[] payload = keyring.sign(codec.encodeBytes(envelope));
        if (!inFlight.tryAcquire()) {
            try {
                publishRaw(topic, payload, false);
                return CompletableFuture.completedFuture(envelope);
            } catch (BusUnavailableException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return emitter.sendMessage(MqttMessage.of(topic, payload, MqttQoS.AT_LEAST_ONCE, false))
                .ifNoItem().after(config.publishTimeout()).fail()
                .onFailure().transform(e -> new BusUnavailableException("could not publish to " + topic + ": " + e.getMessage(), e))
                .invoke(() -> replay.published(topic, payload))
                .onTermination().invoke(inFlight::release)
                .replaceWith(envelope)
                .subscribeAsCompletionStage();
    }

    private BusEnvelope envelope(String messageId, String type, String deviceId, Optional<String> userId, String correlationId, Object data) {
        return new BusEnvelope(messageId, type, Instant.now(), producer, correlationId, deviceId, userId, codec.toTree(data));
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
