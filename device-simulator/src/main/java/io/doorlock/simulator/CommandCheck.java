package io.doorlock.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorlock.common.command.CommandAuthorization;
import io.doorlock.common.command.CommandKeys;
import io.doorlock.common.command.SignedCommand;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Optional;

/**
 * What a lock checks before it executes a command (docs/device-protocol.md, "Signed commands"), as a pure function
 * of the frame, the platform key and what the lock last accepted: the platform's Ed25519 signature over
 * {@code data.auth.msg}, that the signed command is for this lock and matches the frame, that its counter is above
 * the last one accepted (the same command again is a re-send: answered, not executed again), and that its deadline
 * has not passed. A lock executes the signed command, never the unsigned fields around it.
 */
public final class CommandCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the lock last accepted: counter 0 and no command before the first. */
    public record Accepted(long counter, String commandId) {
        public static final Accepted NONE = new Accepted(0, "");
    }

    /** Execute it, answer it again (a re-send of the last command), or refuse it (with the reason it reports). */
    public enum Outcome { EXECUTE, RESEND, REFUSE }

    public record Verdict(Outcome outcome, String reason, Optional<SignedCommand> command) {
        static Verdict refuse(String reason) {
            return new Verdict(Outcome.REFUSE, reason, Optional.empty());
        }
    }

    private CommandCheck() {}

    public static Verdict check(String deviceId, String event, JsonNode data, PublicKey platformKey, Accepted last, Instant now) {
        JsonNode auth = data.path("auth");
        if (!auth.isObject()) {
            return Verdict.refuse("unsigned");
        }
        CommandAuthorization authorization = new CommandAuthorization(auth.path("alg").asText(null), auth.path("kid").asText(null),
                auth.path("msg").asText(null), auth.path("sig").asText(null));
        if (!CommandKeys.verify(authorization, platformKey)) {
            return Verdict.refuse("bad_signature");
        }
        SignedCommand signed;
        try {
            signed = JSON.readValue(authorization.msg(), SignedCommand.class);
        } catch (IOException e) {
            return Verdict.refuse("unreadable");
        }
        if (signed.v() != SignedCommand.VERSION) {
            return Verdict.refuse("unsupported_version");
        }
        if (!deviceId.equals(signed.deviceId())) {
            return Verdict.refuse("wrong_device");
        }
        if (!signed.command().equals(event) || !signed.commandId().equals(data.path("commandId").asText())) {
            return Verdict.refuse("mismatch");
        }
        if (signed.counter() == last.counter() && signed.commandId().equals(last.commandId())) {
            return new Verdict(Outcome.RESEND, "", Optional.of(signed));
        }
        if (signed.counter() <= last.counter()) {
            return Verdict.refuse("replayed");
        }
        if (now.toEpochMilli() >= signed.expiresAt()) {
            return Verdict.refuse("expired");
        }
        return new Verdict(Outcome.EXECUTE, "", Optional.of(signed));
    }
}
