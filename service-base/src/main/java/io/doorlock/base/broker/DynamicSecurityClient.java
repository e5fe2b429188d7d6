package io.doorlock.base.broker;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Talks to Mosquitto's dynamic-security plugin: publishes command batches on {@code $CONTROL/dynamic-security/v1}
 * as the broker admin and waits for the answer on {@code .../response}. One batch at a time; thread-safe.
 */
public final class DynamicSecurityClient implements AutoCloseable {

    public static final String CONTROL = "$CONTROL/dynamic-security/v1";
    public static final String RESPONSE = CONTROL + "/response";

    private final Vertx vertx;
    private final MqttClient client;
    private final Duration timeout;
    /** The batch in flight. Not guarded by the monitor: the answer arrives on the event loop while execute() waits. */
    private volatile CompletableFuture<JsonObject> pending;

    private DynamicSecurityClient(Vertx vertx, MqttClient client, Duration timeout) {
        this.vertx = vertx;
        this.timeout = timeout;
        this.client = client;
    }

    /** Connects as the broker admin and subscribes to the plugin's responses. */
    public static DynamicSecurityClient connect(Vertx vertx, String host, int port, String username, String password, Duration timeout) {
        MqttClient client = MqttClient.create(vertx, new MqttClientOptions()
                .setClientId("dynsec-" + UUID.randomUUID()).setUsername(username).setPassword(password)
                .setCleanSession(true).setAutoKeepAlive(true).setMaxMessageSize(1024 * 1024));
        DynamicSecurityClient dynsec = new DynamicSecurityClient(vertx, client, timeout);
        client.publishHandler(m -> dynsec.answer(new JsonObject(m.payload().toString(StandardCharsets.UTF_8))));
        await(client.connect(port, host).toCompletionStage().toCompletableFuture(), timeout);
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        client.subscribeCompletionHandler(ack -> subscribed.complete(null));
        client.subscribe(RESPONSE, 1);
        await(subscribed, timeout);
        return dynsec;
    }

    /**
     * Sends a batch of commands and returns the plugin's responses, one per command. A response with an
     * {@code error} field failed; callers decide which errors are fine (e.g. "Client already exists").
     */
    public synchronized List<JsonObject> execute(List<Map<String, Object>> commands) {
        JsonArray batch = new JsonArray();
        commands.forEach(c -> batch.add(new JsonObject(c)));
        pending = new CompletableFuture<>();
        await(client.publish(CONTROL, Buffer.buffer(new JsonObject().put("commands", batch).encode()), MqttQoS.AT_LEAST_ONCE, false, false)
                .toCompletionStage().toCompletableFuture(), timeout);
        JsonObject response = await(pending, timeout);
        return response.getJsonArray("responses", new JsonArray()).stream().map(JsonObject.class::cast).toList();
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    private void answer(JsonObject response) {
        CompletableFuture<JsonObject> waiting = pending;
        if (waiting != null) {
            waiting.complete(response);
        }
    }

    @Override
    public void close() {
        if (client.isConnected()) {
            client.disconnect();
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("dynamic-security request failed: " + e, e);
        }
    }

}
