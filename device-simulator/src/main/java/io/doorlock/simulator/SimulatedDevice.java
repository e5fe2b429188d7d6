package io.doorlock.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorlock.common.topic.Topics;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.security.PublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * One simulated ESP32, as the firmware in docs/device-protocol.md behaves: it authenticates, sends heartbeats and
 * random door, motion and battery events, acknowledges commands ({@code received}, then {@code executed} or
 * {@code failed} after a latency, de-duplicated by command id) after checking the platform's signature on each
 * ({@link CommandCheck}), uploads visitor photos, and reconnects with
 * exponential backoff and full jitter. All its work runs on one Vert.x event loop.
 */
final class SimulatedDevice {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BACKOFF_BASE_MS = 1000;
    private static final long BACKOFF_CAP_MS = 60_000;

    private final Vertx vertx;
    private final SimulatorOptions options;
    private final Fleet.Device device;
    private final Counters counters;
    private final Random random;
    private final WebSocketClient wsClient;
    private final HttpClient http;
    private final String session;
    /** The session id of the current MQTT connection: new for each one, as the protocol asks (docs/device-protocol.md). */
    private volatile String mqttSession = "";
    private int mqttConnections;
    /** Final ack already given per command id (a command may be delivered twice). */
    private final Map<String, String> answered = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 500;
        }
    };
    private WebSocket socket;
    private MqttClient mqtt;
    private boolean mqttUp;
    private boolean wsAuthenticated;
    private boolean online;
    private int wsAttempts;
    private int mqttAttempts;
    private int battery;
    private long sequence;
    /** Recent events by request id, to send again (same id, stored once) when the platform answers UNAVAILABLE. */
    private final Map<String, String> recentEvents = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 200;
        }
    };
    private boolean lowBatterySent;
    private volatile boolean stopped;
    /** The platform's command key; empty when the fleet runs as old firmware that checks nothing. */
    private final Optional<PublicKey> commandKey;
    /** The last command this lock accepted (real firmware keeps it in flash). */
    private CommandCheck.Accepted accepted = CommandCheck.Accepted.NONE;

    SimulatedDevice(Vertx vertx, SimulatorOptions options, Fleet.Device device, Counters counters, long seed, WebSocketClient wsClient,
            HttpClient http, Optional<PublicKey> commandKey) {
        this.vertx = vertx;
        this.options = options;
        this.device = device;
        this.counters = counters;
        this.random = new Random(seed);
        this.wsClient = wsClient;
        this.http = http;
        this.session = "sim-" + Long.toHexString(random.nextLong());
        this.battery = 60 + random.nextInt(41);
        this.commandKey = commandKey;
    }

    String deviceId() {
        return device.deviceId();
    }

    void start() {
        if (options.transport() != SimulatorOptions.Transport.MQTT) {
            connectSocket();
        }
        if (options.transport() != SimulatorOptions.Transport.WS) {
            connectMqtt();
        }
        long heartbeat = options.heartbeat().toMillis();
        vertx.setTimer(1 + random.nextInt((int) Math.min(heartbeat, Integer.MAX_VALUE)), t -> {
            heartbeat();
            vertx.setPeriodic(heartbeat, p -> heartbeat());
        });
        scheduleRandomEvent();
        if (!options.photoEvery().isZero()) {
            long every = options.photoEvery().toMillis();
            vertx.setTimer(1 + (long) (random.nextDouble() * every), t -> {
                uploadPhoto();
                vertx.setPeriodic(every, p -> uploadPhoto());
            });
        }
    }

    void stop() {
        stopped = true;
        if (socket != null) {
            socket.close();
        }
        if (mqtt != null && mqtt.isConnected()) {
            mqtt.publish(Topics.deviceStatus(deviceId()), Buffer.buffer(status("offline", mqttSession)), MqttQoS.AT_LEAST_ONCE, false, true);
            mqtt.disconnect();
        }
    }

    // --- links -------------------------------------------------------------------------------------------------

    private void connectSocket() {
        if (stopped) {
            return;
        }
        URI base = URI.create(options.deviceUrl());
        WebSocketConnectOptions connect = new WebSocketConnectOptions()
                .setHost(base.getHost()).setPort(base.getPort() > 0 ? base.getPort() : 80).setSsl("https".equals(base.getScheme()))
                .setURI("/ws/device?deviceId=" + deviceId()).addHeader("Authorization", "Bearer " + device.token());
        wsClient.connect(connect).onSuccess(ws -> {
            wsAuthenticated = false;
            socket = ws;
            ws.textMessageHandler(this::onSocketFrame);
            ws.closeHandler(v -> {
                socket = null;
                wsAuthenticated = false;
                linkChanged();
                retry(true);
            });
            ws.exceptionHandler(e -> counters.errors.incrementAndGet());
        }).onFailure(e -> {
            counters.errors.incrementAndGet();
            retry(true);
        });
    }

    private void connectMqtt() {
        if (stopped) {
            return;
        }
        String connectionSession = session + "-" + (++mqttConnections);
        mqttSession = connectionSession;
        MqttClientOptions mqttOptions = new MqttClientOptions().setClientId(deviceId()).setUsername(deviceId()).setPassword(device.token())
                .setCleanSession(true).setKeepAliveInterval(60).setAutoKeepAlive(true)
                .setWillFlag(true).setWillTopic(Topics.deviceStatus(deviceId())).setWillMessageBytes(Buffer.buffer(status("offline", connectionSession)))
                .setWillQoS(1).setWillRetain(true);
        MqttClient client = MqttClient.create(vertx, mqttOptions);
        mqtt = client;
        client.publishHandler(message -> {
            if (message.topicName().equals(Topics.deviceCommands(deviceId()))) {
                onCommand(message.payload().toString(StandardCharsets.UTF_8), false);
            } else if (message.topicName().equals(Topics.deviceErrors(deviceId()))) {
                onError(parse(message.payload().toString(StandardCharsets.UTF_8)));
            }
        });
        client.closeHandler(v -> {
            if (mqtt == client) {
                mqttUp = false;
                linkChanged();
                retry(false);
            }
        });
        client.connect(options.mqttPort(), options.mqttHost()).onSuccess(ack -> {
            client.subscribe(Map.of(Topics.deviceCommands(deviceId()), 1, Topics.deviceErrors(deviceId()), 1));
            client.publish(Topics.deviceStatus(deviceId()), Buffer.buffer(status("online", connectionSession)), MqttQoS.AT_LEAST_ONCE, false, true);
            mqttUp = true;
            mqttAttempts = 0;
            linkChanged();
        }).onFailure(e -> {
            counters.errors.incrementAndGet();
            if (mqtt == client) {
                retry(false);
            }
        });
    }

    /** Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^attempt)). */
    private void retry(boolean overSocket) {
        if (stopped) {
            return;
        }
        int attempt = overSocket ? wsAttempts++ : mqttAttempts++;
        long ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS << Math.min(attempt, 16));
        long delay = 1 + (long) (random.nextDouble() * ceiling);
        counters.reconnects.incrementAndGet();
        vertx.setTimer(delay, t -> {
            if (overSocket) {
                connectSocket();
            } else {
                connectMqtt();
            }
        });
    }

    private void linkChanged() {
        boolean now = socket != null && wsAuthenticated || mqttUp;
        if (now && !online) {
            counters.connected.incrementAndGet();
            counters.connects.incrementAndGet();
        } else if (!now && online) {
            counters.connected.decrementAndGet();
        }
        online = now;
    }

    private void onSocketFrame(String text) {
        JsonNode frame = parse(text);
        String event = frame.path("event").asText();
        switch (event) {
            case "authenticated" -> {
                wsAuthenticated = true;
                wsAttempts = 0;
                linkChanged();
            }
            case "error" -> onError(frame);
            default -> {
                if (frame.path("data").has("commandId")) {
                    onCommand(text, true);
                }
            }
        }
    }

    // --- behaviour ---------------------------------------------------------------------------------------------

    /** UNAVAILABLE for an event we still have: send it again, same id, after a short pause; any other error counts. */
    private void onError(JsonNode frame) {
        String again = "UNAVAILABLE".equals(frame.path("data").path("code").asText()) ? recentEvents.get(frame.path("id").asText("")) : null;
        if (again == null) {
            counters.errors.incrementAndGet();
            return;
        }
        counters.retries.incrementAndGet();
        vertx.setTimer(500 + random.nextInt(1000), t -> resend(again));
    }

    private void resend(String frame) {
        if (socket != null && wsAuthenticated) {
            socket.writeTextMessage(frame);
        } else if (mqtt != null && mqttUp) {
            mqtt.publish(Topics.deviceEvents(deviceId()), Buffer.buffer(frame), MqttQoS.AT_LEAST_ONCE, false, false);
        }
    }

    private void onCommand(String text, boolean overSocket) {
        JsonNode frame = parse(text);
        String commandId = frame.path("data").path("commandId").asText("");
        if (commandId.isEmpty()) {
            return;
        }
        if (commandKey.isPresent()) {
            CommandCheck.Verdict verdict = CommandCheck.check(deviceId(), frame.path("event").asText(), frame.path("data"), commandKey.get(),
                    accepted, Instant.now());
            if (verdict.outcome() == CommandCheck.Outcome.REFUSE) {
                // Not acknowledged: a forged frame must not fail a real command. Reported, and counted.
                counters.refused.incrementAndGet();
                send(overSocket, "error_occurred", JSON.createObjectNode().put("deviceId", deviceId()).put("errorCode", "COMMAND_REFUSED")
                        .put("errorMessage", verdict.reason() + ": " + commandId), false);
                return;
            }
            accepted = new CommandCheck.Accepted(verdict.command().orElseThrow().counter(), commandId);
        }
        String already = answered.get(commandId);
        if (already != null) {
            send(overSocket, "command_ack", ack(commandId, already, null), true);
            return;
        }
        counters.commands.incrementAndGet();
        send(overSocket, "command_ack", ack(commandId, "received", null), true);
        boolean fail = random.nextDouble() < options.failureRatio();
        String outcome = fail ? "failed" : "executed";
        answered.put(commandId, outcome);
        vertx.setTimer(Math.max(1, options.ackLatency().toMillis()), t -> {
            send(overSocket, "command_ack", ack(commandId, outcome, fail ? "simulated failure" : null), true);
            counters.acked.incrementAndGet();
            if (fail) {
                counters.failedOnPurpose.incrementAndGet();
            }
        });
    }

    private void heartbeat() {
        if (random.nextInt(10) == 0) {
            battery = battery <= 5 ? 100 : battery - 1;
            lowBatterySent = lowBatterySent && battery < 25;
        }
        ObjectNode data = JSON.createObjectNode().put("deviceId", deviceId()).put("batteryLevel", battery).put("status", "online")
                .put("rssi", -40 - random.nextInt(50)).put("firmwareVersion", "1.4.2-sim");
        send(socket != null, "device_heartbeat", data, false);
        if (battery < 20 && !lowBatterySent) {
            lowBatterySent = true;
            send(socket != null, "low_battery", JSON.createObjectNode().put("deviceId", deviceId()).put("batteryLevel", battery)
                    .put("timestamp", Instant.now().toString()), false);
        }
    }

    private void scheduleRandomEvent() {
        if (options.eventsPerMinute() <= 0) {
            return;
        }
        double perMs = options.eventsPerMinute() / 60_000.0;
        long delay = 1 + (long) (-Math.log(1 - random.nextDouble()) / perMs);
        vertx.setTimer(delay, t -> {
            if (stopped) {
                return;
            }
            if (random.nextBoolean()) {
                send(socket != null, "door_status_changed", JSON.createObjectNode().put("deviceId", deviceId())
                        .put("status", random.nextBoolean() ? "locked" : "unlocked").put("triggeredBy", "manual"), false);
            } else {
                send(socket != null, "motion_detected", JSON.createObjectNode().put("deviceId", deviceId())
                        .put("timestamp", Instant.now().toString()).put("confidence", Math.round(random.nextDouble() * 100) / 100.0), false);
            }
            scheduleRandomEvent();
        });
    }

    private void uploadPhoto() {
        if (stopped) {
            return;
        }
        String boundary = "sim-" + Long.toHexString(random.nextLong());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] jpeg = jpeg();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"deviceId\"\r\n\r\n" + deviceId() + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"visitor.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jpeg);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(options.deviceUrl() + "/api/door/upload")).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + device.token()).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() == 201) {
                counters.photos.incrementAndGet();
            } else {
                counters.errors.incrementAndGet();
            }
        });
    }

    // --- wire --------------------------------------------------------------------------------------------------

    /** Sends an event over the socket when it is up (or when asked to), else over MQTT; drops it when neither is. */
    private void send(boolean preferSocket, String event, ObjectNode data, boolean isAck) {
        ObjectNode envelope = JSON.createObjectNode().put("event", event);
        envelope.set("data", data);
        if (!isAck) {
            envelope.put("id", session + "-" + (++sequence)); // a request id: a retry with it is stored once
        }
        String frame = envelope.toString();
        if (!isAck) {
            recentEvents.put(envelope.get("id").asText(), frame);
        }
        if (preferSocket && socket != null && wsAuthenticated) {
            socket.writeTextMessage(frame);
            counters.sent.incrementAndGet();
        } else if (mqtt != null && mqttUp) {
            String topic = isAck ? Topics.deviceAcks(deviceId()) : Topics.deviceEvents(deviceId());
            mqtt.publish(topic, Buffer.buffer(frame), MqttQoS.AT_LEAST_ONCE, false, false);
            counters.sent.incrementAndGet();
        } else if (socket != null && wsAuthenticated) {
            socket.writeTextMessage(frame);
            counters.sent.incrementAndGet();
        }
    }

    private static ObjectNode ack(String commandId, String status, String errorMessage) {
        ObjectNode data = JSON.createObjectNode().put("commandId", commandId).put("status", status);
        if (errorMessage != null) {
            data.put("errorMessage", errorMessage);
        }
        return data;
    }

    private static String status(String status, String mqttSession) {
        return "{\"status\":\"" + status + "\",\"session\":\"" + mqttSession + "\"}";
    }

    /** A real 320×240 JPEG (a figure at a door, in a colour of this device's own), so that dashboards can show it. */
    private byte[] jpeg() {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x9c, 0xb4, 0xcc));
        g.fillRect(0, 0, 320, 240);
        g.setColor(new Color(0x6b, 0x4f, 0x3a));
        g.fillRect(20, 20, 80, 220);
        g.setColor(Color.getHSBColor(random.nextFloat(), 0.45f, 0.45f));
        int x = 110 + random.nextInt(80);
        g.fillOval(x + 25, 45, 60, 70);
        g.fillRoundRect(x, 115, 110, 140, 50, 50);
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "jpeg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
