package io.doorlock.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child process of {@link ConnectionsBenchmark}: opens {@code count} authenticated device WebSockets (devices
 * {@code bench-<from>} ...) from one loopback source address, at most {@code maxInFlight} handshakes at a time,
 * keeps them with a heartbeat, and prints {@code connected N failed M} every second. A refused handshake (503 while
 * the gateway sheds load) is tried again after a pause.
 *
 * With {@code deflate}, each offers {@code permessage-deflate} (RFC 7692) as browsers and Node's {@code ws} do.
 *
 * <p>args: {@code port from count sourceAddress heartbeatSeconds maxInFlight [deflate]}
 */
public final class ConnectionClients {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private final int heartbeat;
    private final int port;
    private final WebSocketClient client;
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    private ConnectionClients(int port, String source, int count, int heartbeat, boolean deflate) {
        this.heartbeat = heartbeat;
        this.port = port;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress(source)
                .setMaxConnections(count + 10).setConnectTimeout(30_000).setTryUsePerMessageCompression(deflate));
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int from = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        int maxInFlight = Integer.parseInt(args[5]);
        boolean deflate = args.length > 6 && Boolean.parseBoolean(args[6]);
        ConnectionClients clients = new ConnectionClients(port, args[3], count, Integer.parseInt(args[4]), deflate);
        AtomicInteger next = new AtomicInteger(from);
        // maxInFlight chains: each opens its next device once the previous one is authenticated (or given up).
        for (int c = 0; c < maxInFlight; c++) {
            clients.vertx.runOnContext(v -> clients.chain(next, from + count));
        }
        while (true) {
            System.out.println("connected " + clients.connected.get() + " failed " + clients.failed.get());
            System.out.flush();
            Thread.sleep(1000);
        }
    }

    private void chain(AtomicInteger next, int end) {
        int i = next.getAndIncrement();
        if (i < end) {
            open(i, () -> chain(next, end));
        }
    }

    private void open(int i, Runnable then) {
        String id = "bench-" + i;
        client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws/device?deviceId=" + id)
                .addHeader("Authorization", "Bearer t-" + i)).onSuccess(ws -> {
                    boolean[] authenticated = {false};
                    ws.textMessageHandler(text -> {
                        if (!authenticated[0] && text.contains("\"authenticated\"")) {
                            authenticated[0] = true;
                            connected.incrementAndGet();
                            beat(ws, id);
                            then.run();
                        }
                    });
                    ws.closeHandler(v -> {
                        if (authenticated[0]) {
                            connected.decrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            vertx.setTimer(500, t -> open(i, then)); // closed before it authenticated: again
                        }
                    });
                    vertx.setTimer(15_000, t -> {
                        if (!authenticated[0] && !ws.isClosed()) {
                            ws.close(); // no answer: the close handler tries again
                        }
                    });
                }).onFailure(e -> {
                    failed.incrementAndGet();
                    vertx.setTimer(500, t -> open(i, then));
                });
    }

    private void beat(WebSocket ws, String id) {
        vertx.setPeriodic(heartbeat * 1000L, t -> {
            if (!ws.isClosed()) {
                ws.writeTextMessage("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"" + id + "\",\"batteryLevel\":90}}");
            }
        });
    }
}
