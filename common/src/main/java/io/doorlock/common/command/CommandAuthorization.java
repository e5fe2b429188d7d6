package io.doorlock.common.command;

/**
 * The platform's signature on one command, as the device receives it in the command frame's {@code data.auth}:
 * {@code msg} is a {@link SignedCommand} as compact JSON, {@code sig} the Ed25519 signature over its UTF-8 bytes
 * (base64url, no padding), {@code kid} the id of the platform key that made it. A device that checks signatures acts
 * on what {@code msg} says, never on the unsigned fields around it.
 */
public record CommandAuthorization(String alg, String kid, String msg, String sig) {

    /** The one algorithm. */
    public static final String ED25519 = "Ed25519";
}
