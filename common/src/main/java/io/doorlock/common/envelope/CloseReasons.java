package io.doorlock.common.envelope;

/**
 * WebSocket close codes used by both gateways. 4000-4999 is the private-use range of RFC 6455; the last three
 * digits follow the HTTP status a REST client would see for the same cause.
 */
public final class CloseReasons {
    /** Missing, invalid, expired or revoked credentials. */
    public static final int AUTH_FAILED = 4401;
    /** The credentials are valid but the token has since been revoked or rotated. */
    public static final int CREDENTIALS_REVOKED = 4403;
    /** No {@code authenticate} frame arrived in time. */
    public static final int AUTH_TIMEOUT = 4408;
    /** A newer connection for the same device replaced this one. */
    public static final int REPLACED = 4409;
    /** An authenticated device sent nothing for the heartbeat timeout (90 s by default). */
    public static final int HEARTBEAT_TIMEOUT = 4410;
    /** The client kept flooding after being warned. */
    public static final int RATE_LIMITED = 4429;
    /** A message (or a single frame) over the WebSocket layer's 1 MiB limit (RFC 6455 "message too big"). */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The server is shedding load (too many handshakes in flight); reconnect later with backoff. */
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseReasons() {}
}
