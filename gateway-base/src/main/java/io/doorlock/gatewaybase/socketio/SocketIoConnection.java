package io.doorlock.gatewaybase.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorlock.gatewaybase.connection.BroadcastFrame;
import io.doorlock.gatewaybase.connection.ClientConnection;
import io.doorlock.gatewaybase.connection.FrameIds;
import io.doorlock.gatewaybase.connection.InboundGate;
import io.doorlock.gatewaybase.connection.RefusedFrames;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.mutiny.Uni;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import io.doorlock.gatewaybase.connection.WebSocketClientConnection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Socket.IO v5 client on the main namespace, as the gateway's handler sees it: a {@link ClientConnection} that
 * speaks the plain JSON protocol. Nothing of the handlers' logic is repeated here; this class only translates.
 *
 * <ul>
 *   <li>CONNECT with an auth payload becomes the plain protocol's {@code authenticate} frame; the handler's
 *       {@code authenticated} answer becomes CONNECT {@code {sid}}, its {@code error} becomes CONNECT_ERROR
 *       {@code {message}}.</li>
 *   <li>EVENT {@code ["name", data]} becomes {@code {"event":"name","data":data,"id":...}}; every request gets an id,
 *       so the handler's answer is known as an answer. An answer to an EVENT with an ack id goes back as ACK
 *       {@code [{success, event, data}]} or {@code [{success:false, error}]}; other answers are emitted as events,
 *       renamed where the binding says so. An event the handler takes without an answer is acked
 *       {@code [{success: true}]}.</li>
 *   <li>Binary events are not supported: the client is told so in an {@code error} event and disconnected.</li>
 * </ul>
 */
public final class SocketIoConnection implements ClientConnection {

    private static final Logger LOG = Logger.getLogger(SocketIoConnection.class);
    private static final String CONNECT_ID = "sio-connect";
    private static final String ACK_PREFIX = "sio-ack:";
    private static final String REQUEST_PREFIX = "sio:";

    private final EngineSession engine;
    private final SocketIoBinding binding;
    private final ObjectMapper json;
    private final String socketId = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean opened;
    private final AtomicBoolean connectAnswerSent = new AtomicBoolean();
    private volatile boolean connectAnswered;
    private volatile boolean connected;
    private volatile CloseReason closeReason;
    private volatile boolean closedToHandler;
    private volatile boolean credentialsInPayload;
    /** The ack id of the event being handled, until the handler answers it. */
    private volatile Long unanswered;

    /** Told once, when the Socket.IO client is connected (CONNECT answered). */
    private final Runnable onConnected;
    /** Checks each packet as it arrives, before it waits for the handler. */
    private final InboundGate gate;

    SocketIoConnection(EngineSession engine, SocketIoBinding binding, ObjectMapper json, Runnable onConnected) {
        this.engine = engine;
        this.binding = binding;
        this.json = json;
        this.onConnected = onConnected;
        this.gate = binding.handler().inboundGate(this);
    }

    // ---- inbound: called one packet at a time per session ----

    void onPacket(String text) {
        if (engine.isClosed()) {
            return;
        }
        Optional<SocketIoPacket> parsed = SocketIoPacket.parse(text);
        if (parsed.isEmpty()) {
            LOG.debugf("socket.io session %s: unreadable packet dropped", engine.sid);
            return;
        }
        SocketIoPacket packet = parsed.get();
        if (!"/".equals(packet.namespace())) {
            if (packet.type() == SocketIoPacket.CONNECT) {
                send(new SocketIoPacket(SocketIoPacket.CONNECT_ERROR, packet.namespace(), Optional.empty(),
                        Optional.of("{\"message\":\"Invalid namespace\"}")));
            }
            return;
        }
        switch (packet.type()) {
            case SocketIoPacket.CONNECT -> onConnect(packet);
            case SocketIoPacket.DISCONNECT -> {
                closeReason = new CloseReason(1000, "client disconnect");
                engine.close();
            }
            case SocketIoPacket.EVENT -> onEvent(packet);
            case SocketIoPacket.BINARY_EVENT, SocketIoPacket.BINARY_ACK -> {
                emit("error", json.createObjectNode().put("code", "INVALID_VALUE")
                        .put("message", "binary events are not supported; send JSON (photos go over HTTP upload)"));
                close(new CloseReason(4400, "binary events are not supported")).subscribe().with(v -> { }, e -> { });
            }
            default -> { } // ACK from the client: the server never asks for one
        }
    }

    private void onConnect(SocketIoPacket packet) {
        if (opened) {
            return;
        }
        ObjectNode auth = packet.json().flatMap(this::object).orElseGet(json::createObjectNode);
        String clientType = auth.path("clientType").asText("");
        if (!clientType.isEmpty() && !clientType.equals(binding.clientType())) {
            connectError(binding.wrongClientType(clientType));
            engine.close();
            return;
        }
        // Credentials in the auth payload (or the token query parameter) win over an Authorization header, which
        // the handler is then not shown; without them the handler may still authenticate from the header.
        Optional<ObjectNode> credentials = binding.authenticate(auth, this);
        credentialsInPayload = credentials.isPresent();
        opened = true;
        binding.handler().onOpen(this);
        if (connectAnswered || closeReason != null) {
            return; // the handshake's Authorization header settled it
        }
        if (credentials.isEmpty()) {
            connectError("authentication required: connect with auth {token" + ("device".equals(binding.clientType()) ? ", deviceId" : "")
                    + ", clientType: '" + binding.clientType() + "'}");
            closeReason = new CloseReason(4401, "no credentials");
            engine.close();
            return;
        }
        ObjectNode frame = json.createObjectNode().put("event", "authenticate");
        frame.set("data", credentials.get());
        frame.put("id", CONNECT_ID);
        binding.handler().onText(this, frame.toString());
    }

    private void onEvent(SocketIoPacket packet) {
        if (!connected) {
            return; // the protocol allows no events before CONNECT was answered
        }
        JsonNode args = packet.json().flatMap(this::tree).orElse(null);
        String id = packet.ackId().map(n -> ACK_PREFIX + n).orElseGet(() -> REQUEST_PREFIX + requests.incrementAndGet());
        ObjectNode frame = json.createObjectNode();
        if (args == null || !args.isArray() || args.isEmpty() || !args.get(0).isTextual()) {
            // Handed on as it is, so that the client hears the validator's own error for it.
            frame.set("event", args != null && args.isArray() && !args.isEmpty() ? args.get(0) : json.nullNode());
        } else {
            frame.put("event", args.get(0).textValue());
            JsonNode data = args.size() > 1 ? args.get(1) : json.createObjectNode();
            // Arduino clients often send the payload as a JSON string: read it as the object it holds.
            if (data.isTextual()) {
                data = tree(data.textValue()).filter(JsonNode::isObject).orElse(data);
            }
            frame.set("data", data);
        }
        frame.put("id", id);
        unanswered = packet.ackId().orElse(null);
        binding.handler().onText(this, frame.toString());
        Long waiting = unanswered;
        unanswered = null;
        if (waiting != null) {
            // The handler took the event without an answer (a device event, a heartbeat): the callback still fires.
            send(new SocketIoPacket(SocketIoPacket.ACK, "/", Optional.of(waiting), Optional.of("[{\"success\":true}]")));
        }
    }

    /** The handler dropped the event being handled (rate limit): its ack callback hears that, not success. */
    @Override
    public void refused(String code, String message) {
        Long waiting = unanswered;
        unanswered = null;
        if (waiting != null) {
            ObjectNode answer = json.createObjectNode().put("success", false);
            answer.putObject("error").put("code", code).put("message", message).putArray("details");
            send(new SocketIoPacket(SocketIoPacket.ACK, "/", Optional.of(waiting), Optional.of(json.createArrayNode().add(answer).toString())));
        }
    }

    /** The transport ended (client gone, ping timeout, or closed by us): the handler hears it once. */
    void onEngineClosed() {
        if (opened && !closedToHandler) {
            closedToHandler = true;
            binding.handler().onClose(this);
        }
    }

    // ---- outbound: frames of the plain protocol from the handler ----

    @Override
    public Uni<Void> sendText(String frame) {
        JsonNode tree = tree(frame).orElse(null);
        if (tree == null || !tree.path("event").isTextual()) {
            return Uni.createFrom().voidItem();
        }
        String event = tree.path("event").textValue();
        JsonNode data = tree.path("data").isMissingNode() ? json.createObjectNode() : tree.get("data");
        String id = tree.path("id").asText("");
        if (!connectAnswered) {
            if ("authenticated".equals(event)) {
                if (!connectAnswerSent.compareAndSet(false, true)) {
                    return Uni.createFrom().voidItem();
                }
                connectAnswered = true;
                connected = true;
                onConnected.run();
                return send(new SocketIoPacket(SocketIoPacket.CONNECT, "/", Optional.empty(),
                        Optional.of("{\"sid\":\"" + socketId + "\"}")));
            }
            if ("error".equals(event)) {
                return connectError(data.path("message").asText("connection refused"));
            }
        }
        if (id.startsWith(ACK_PREFIX)) {
            if (unanswered != null && id.equals(ACK_PREFIX + unanswered)) {
                unanswered = null;
            }
            ObjectNode answer = json.createObjectNode();
            if ("error".equals(event)) {
                answer.put("success", false).set("error", data);
            } else {
                answer.put("success", true).put("event", binding.replyNames().getOrDefault(event, event)).set("data", data);
            }
            ArrayNode args = json.createArrayNode().add(answer);
            return send(new SocketIoPacket(SocketIoPacket.ACK, "/", Optional.of(Long.parseLong(id.substring(ACK_PREFIX.length()))),
                    Optional.of(args.toString())));
        }
        boolean answer = id.startsWith(REQUEST_PREFIX) || CONNECT_ID.equals(id);
        return emit(answer ? binding.replyNames().getOrDefault(event, event) : event, data);
    }

    /**
     * An event that goes alike to many clients: emitted as the Engine.IO message {@code 42["event",data]}, built once
     * for all the Socket.IO clients it goes to, without parsing the frame again. Until CONNECT is answered an
     * {@code authenticated} or {@code error} frame still answers it, as through {@link #sendText}.
     */
    @Override
    public Uni<Void> sendBroadcast(BroadcastFrame frame) {
        if (!connectAnswered && ("authenticated".equals(frame.event()) || "error".equals(frame.event()))) {
            return sendText(frame.text());
        }
        return engine.send(frame.encodedOnce(SocketIoConnection::engineMessage));
    }

    /** {@code frame} as an Engine.IO message carrying a Socket.IO EVENT on the main namespace. */
    static String engineMessage(BroadcastFrame frame) {
        return "4" + new SocketIoPacket(SocketIoPacket.EVENT, "/", Optional.empty(),
                Optional.of("[" + frame.eventJson() + "," + frame.data() + "]")).encode();
    }

    private Uni<Void> emit(String event, JsonNode data) {
        ArrayNode args = json.createArrayNode().add(event).add(data);
        return send(new SocketIoPacket(SocketIoPacket.EVENT, "/", Optional.empty(), Optional.of(args.toString())));
    }

    private Uni<Void> connectError(String message) {
        if (!connectAnswerSent.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem(); // CONNECT was answered already, one way or the other
        }
        connectAnswered = true;
        ObjectNode body = json.createObjectNode().put("message", message);
        return send(new SocketIoPacket(SocketIoPacket.CONNECT_ERROR, "/", Optional.empty(), Optional.of(body.toString())));
    }

    private Uni<Void> send(SocketIoPacket packet) {
        return engine.send("4" + packet.encode());
    }

    /**
     * Policy closes (the 4xxx codes: bad or revoked credentials, replaced, flooding) tell the client with DISCONNECT,
     * after which socket.io-client does not reconnect on its own; other closes (shutdown, try again later) only end the
     * transport, and the client reconnects with its backoff.
     */
    @Override
    public Uni<Void> close(CloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        Uni<Void> told;
        if (!connectAnswered) {
            told = connectError(reason.getMessage() == null || reason.getMessage().isEmpty() ? "connection refused" : reason.getMessage());
        } else if (connected && reason.getCode() >= 4000) {
            told = send(new SocketIoPacket(SocketIoPacket.DISCONNECT, "/", Optional.empty(), Optional.empty()));
        } else {
            told = Uni.createFrom().voidItem();
        }
        return told.onFailure().recoverWithNull().invoke(engine::close).replaceWithVoid();
    }

    /** Whether the client's CONNECT was accepted. */
    boolean isConnected() {
        return connected;
    }

    /** The check each packet of this session passes as it arrives. */
    InboundGate gate() {
        return gate;
    }

    /**
     * Answers a packet its gate refused on arrival (on the I/O thread): an EVENT hears {@code RATE_LIMITED} or
     * {@code UNAVAILABLE} on its ack callback, or as an {@code error} event naming its {@code commandId} when it has
     * none. Packets of other kinds (a repeated CONNECT, a DISCONNECT whose transport closes anyway) have nobody
     * waiting for an answer and are dropped; a client closed for flooding is closed whatever it sent.
     */
    void refuse(String message, InboundGate.Verdict verdict, RefusedFrames refusals) {
        Optional<SocketIoPacket> packet = SocketIoPacket.parse(message)
                .filter(p -> p.type() == SocketIoPacket.EVENT || p.type() == SocketIoPacket.BINARY_EVENT);
        if (packet.isPresent() && connected) {
            String id = packet.get().ackId().map(n -> ACK_PREFIX + n).orElseGet(() -> REQUEST_PREFIX + requests.incrementAndGet());
            refusals.answer(this, gate, verdict, new FrameIds(Optional.of(id), commandId(packet.get())),
                    () -> binding.handler().flooded(this));
        } else if (verdict == InboundGate.Verdict.CLOSE) {
            refusals.answer(this, gate, verdict, FrameIds.NONE, () -> binding.handler().flooded(this));
        }
    }

    /** The {@code commandId} of an EVENT's data ({@code ["send_command", {..., "commandId": ...}]}), if it names one. */
    private Optional<String> commandId(SocketIoPacket packet) {
        Optional<JsonNode> data = packet.json().flatMap(this::tree).filter(JsonNode::isArray).map(args -> args.path(1));
        Optional<JsonNode> object = data.flatMap(d -> d.isTextual() ? tree(d.textValue()) : Optional.of(d)).filter(JsonNode::isObject);
        return object.map(o -> o.path("commandId")).filter(JsonNode::isTextual).flatMap(n -> FrameIds.usable(n.textValue()));
    }

    @Override
    public String id() {
        return "sio-" + engine.sid;
    }

    @Override
    public boolean isOpen() {
        return !engine.isClosed();
    }

    @Override
    public Optional<CloseReason> closeReason() {
        return Optional.ofNullable(closeReason);
    }

    @Override
    public Optional<String> header(String name) {
        if (credentialsInPayload && "Authorization".equalsIgnoreCase(name)) {
            return Optional.empty();
        }
        return engine.handshake.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst();
    }

    @Override
    public Optional<String> queryParam(String name) {
        return WebSocketClientConnection.query(engine.handshake.query(), name);
    }

    @Override
    public Optional<String> remoteAddress() {
        return engine.handshake.remoteAddress();
    }

    @Override
    public String protocol() {
        return "socket.io";
    }

    private Optional<JsonNode> tree(String text) {
        try {
            return Optional.ofNullable(json.readTree(text));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private Optional<ObjectNode> object(String text) {
        return tree(text).filter(JsonNode::isObject).map(ObjectNode.class::cast);
    }
}
