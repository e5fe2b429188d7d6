package io.doorlock.localrun.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;

/**
 * The embedded broker's public listener, in front of Moquette's internal one. Moquette 0.17 publishes a client's Will
 * without asking the authorizator; Mosquitto drops a Will its client may not publish. So the gate reads each
 * connection's CONNECT, takes out a Will on a topic the account may not publish to, seals the password with the
 * {@link GateTicket}, holds what the client sends next until Moquette is ready for it ({@link SessionReadiness}), and
 * from then on copies bytes both ways. Anything but an MQTT 3.1/3.1.1 CONNECT first is refused. Two threads per
 * connection: sized for a local run, not for a fleet.
 */
final class ConnectGate implements AutoCloseable {

    /** Moquette's largest message (1 MiB) plus the CONNECT's own fields. */
    private static final int MAX_CONNECT = 1024 * 1024 + 64 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final long THREAD_STACK = 256 * 1024;
    /** CONNACK "unacceptable protocol version". */
    private static final byte[] REFUSED_PROTOCOL = {0x20, 0x02, 0x00, 0x01};

    private final ServerSocket listening;
    private final int upstreamPort;
    private final BiPredicate<String, String> willAllowed;
    private final GateTicket ticket;
    private final SessionReadiness readiness;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private ConnectGate(ServerSocket listening, int upstreamPort, BiPredicate<String, String> willAllowed, GateTicket ticket,
            SessionReadiness readiness) {
        this.upstreamPort = upstreamPort;
        this.willAllowed = willAllowed;
        this.ticket = ticket;
        this.readiness = readiness;
        this.listening = listening;
    }

    /**
     * Listens on 127.0.0.1:{@code port} for Moquette on 127.0.0.1:{@code upstreamPort}; {@code willAllowed} answers
     * whether a username may publish on a topic.
     */
    static ConnectGate open(int port, int upstreamPort, BiPredicate<String, String> willAllowed, GateTicket ticket, SessionReadiness readiness)
            throws IOException {
        ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        ConnectGate gate = new ConnectGate(listening, upstreamPort, willAllowed, ticket, readiness);
        start("mqtt-gate-" + port, gate::accept);
        return gate;
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                open.add(client);
                start("mqtt-gate-connection", () -> admit(client));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void admit(Socket client) {
        Socket upstream = null;
        try {
            client.setTcpNoDelay(true);
            client.setSoTimeout(CONNECT_TIMEOUT_MS);
            byte[] body = readConnectBody(client.getInputStream());
            int level = ConnectPacket.protocolLevel(body);
            if (level != 3 && level != 4) {
                client.getOutputStream().write(REFUSED_PROTOCOL);
                close(client, null);
                return;
            }
            ConnectPacket connect = ConnectPacket.parse(body);
            if (connect.will().isPresent() && !willAllowed.test(connect.username().orElse(null), connect.will().get().topic())) {
                connect = connect.withoutWill();
            }
            connect = connect.withPassword(connect.password().map(ticket::seal));
            upstream = new Socket();
            open.add(upstream);
            upstream.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
            String clientId = connect.clientId();
            CompletableFuture<Void> ready = readiness.expect(clientId);
            upstream.getOutputStream().write(connect.encode());
            Socket broker = upstream;
            start("mqtt-gate-down", () -> {
                copy(broker, client);
                // refused, or gone before Moquette reported it: nothing more to wait for
                readiness.abandon(clientId, ready);
            });
            ready.get(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            client.setSoTimeout(0);
            copy(client, upstream);
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            // malformed, refused, gone, or not reported connected in time (CancellationException: see the down copy)
            close(client, upstream);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(client, upstream);
        }
    }

    /** The body of the first packet, which must be a CONNECT of reasonable size. */
    private static byte[] readConnectBody(InputStream in) throws IOException {
        if (in.read() != 0x10) {
            throw new IllegalArgumentException("the first packet is not a CONNECT");
        }
        int length = 0;
        for (int i = 0, multiplier = 1; ; i++, multiplier *= 128) {
            int digit = in.read();
            if (digit < 0 || i == 4) {
                throw new IllegalArgumentException("bad remaining length");
            }
            length += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        if (length > MAX_CONNECT) {
            throw new IllegalArgumentException("CONNECT too large: " + length);
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IllegalArgumentException("truncated CONNECT");
        }
        return body;
    }

    private void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side went away
        } finally {
            close(from, to);
        }
    }

    private void close(Socket a, Socket b) {
        for (Socket s : new Socket[] {a, b}) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                open.remove(s);
            }
        }
    }

    private static void start(String name, Runnable task) {
        Thread thread = new Thread(null, task, name, THREAD_STACK);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            listening.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            close(s, null);
        }
    }
}
