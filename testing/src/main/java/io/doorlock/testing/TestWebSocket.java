package io.doorlock.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client for tests (the JDK's {@link WebSocket}), with blocking helpers. */
public final class TestWebSocket implements AutoCloseable {

    /** How the server closed the connection. */
    public record Closed(int code, String reason) {}

    private final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private WebSocket socket;

    private TestWebSocket() {}

    public static TestWebSocket connect(String uri) {
        return connect(uri, Map.of());
    }

    public static TestWebSocket connect(String uri, Map<String, String> headers) {
        TestWebSocket test = new TestWebSocket();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        try {
            test.socket = builder.buildAsync(URI.create(uri), test.listener()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not open " + uri + ": " + e.getMessage(), e);
        }
        return test;
    }

    public TestWebSocket send(String text) {
        try {
            socket.sendText(text, true).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("send failed: " + e.getMessage(), e);
        }
        return this;
    }

    public TestWebSocket sendBinary(byte[] bytes) {
        try {
            socket.sendBinary(ByteBuffer.wrap(bytes), true).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("send failed: " + e.getMessage(), e);
        }
        return this;
    }

    /** Waits for the next frame matching {@code filter}; other frames stay in the inbox. */
    public String await(Predicate<String> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> skipped = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String frame = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new AssertionError("no matching frame within " + timeout + "; received instead: " + skipped
                            + (closed.isDone() ? "; closed: " + closed.getNow(null) : ""));
                }
                if (filter.test(frame)) {
                    return frame;
                }
                skipped.add(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            List<String> rest = new ArrayList<>();
            inbox.drainTo(rest);
            inbox.addAll(skipped);
            inbox.addAll(rest);
        }
    }

    /** Waits for the next frame whose event is {@code event}. */
    public String awaitEvent(String event, Duration timeout) {
        return await(f -> f.contains("\"event\":\"" + event + "\""), timeout);
    }

    /** Waits until the server closes the connection. */
    public Closed awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection not closed within " + timeout + "; frames: " + inbox);
        }
    }

    public boolean isOpen() {
        return !closed.isDone() && !socket.isInputClosed();
    }

    public List<String> drain() {
        List<String> all = new ArrayList<>();
        inbox.drainTo(all);
        return all;
    }

    @Override
    public void close() {
        if (!closed.isDone() && !socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // already closing
            }
        }
        socket.abort();
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    inbox.add(text.toString());
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(new Closed(-1, String.valueOf(error)));
            }
        };
    }
}
