package io.doorlock.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorlock.common.command.CommandKeys;
import io.doorlock.simulator.CommandCheck.Accepted;
import io.doorlock.simulator.CommandCheck.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The lock's check of a signed command, on the test vector of docs/device-protocol.md (the key pair is RFC 8032's
 * first test vector): what a lock executes, answers again, and refuses.
 */
class CommandCheckTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] SECRET = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    static final String PUBLIC = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    static final String KID = "21fe31dfa154a261";
    static final String COMMAND_ID = "6f1c2a9e-4b7d-4c1e-9f3a-2d8b5e7c1a40";
    static final String MSG = "{\"v\":1,\"deviceId\":\"door-1\",\"commandId\":\"" + COMMAND_ID + "\",\"command\":\"unlock_door\","
            + "\"payload\":{\"duration\":5000},\"issuedAt\":1796342400000,\"expiresAt\":1796342430000,\"counter\":42}";
    static final String SIG = "cSM9vbYyfBuEaz1sZVGSnmVMcmhuzuFaNkIdoNXnj7EZjLc__IXQmLkPHLFIEDRq2FYb61D3LPhcT9_ykS5oDA";
    static final Instant BEFORE_DEADLINE = Instant.ofEpochMilli(1796342410000L);
    static final PublicKey KEY = CommandKeys.fromRaw(Base64.getDecoder().decode(PUBLIC));

    static ObjectNode data(String msg, String sig, String kid) {
        ObjectNode data = JSON.createObjectNode().put("duration", 5000).put("commandId", COMMAND_ID);
        data.putObject("auth").put("alg", "Ed25519").put("kid", kid).put("msg", msg).put("sig", sig);
        return data;
    }

    static CommandCheck.Verdict check(ObjectNode data, Accepted last, Instant now) {
        return CommandCheck.check("door-1", "unlock_door", data, KEY, last, now);
    }

    @Test
    void theDocumentedVectorIsWhatThePlatformKeySigns() throws Exception {
        PrivateKey secret = KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, SECRET));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(secret);
        signer.update(MSG.getBytes(StandardCharsets.UTF_8));
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign())).isEqualTo(SIG);
        assertThat(CommandKeys.keyId(Base64.getDecoder().decode(PUBLIC))).isEqualTo(KID);
    }

    @Test
    void aCommandSignedForThisLockWithAHigherCounterIsExecutedAsSigned() {
        CommandCheck.Verdict verdict = check(data(MSG, SIG, KID), new Accepted(41, "older"), BEFORE_DEADLINE);
        assertThat(verdict.outcome()).isEqualTo(Outcome.EXECUTE);
        assertThat(verdict.command().orElseThrow().payload().path("duration").asInt()).isEqualTo(5000);
        assertThat(verdict.command().orElseThrow().counter()).isEqualTo(42);
    }

    @Test
    void theSameCommandAgainIsAnsweredNotExecuted() {
        assertThat(check(data(MSG, SIG, KID), new Accepted(42, COMMAND_ID), BEFORE_DEADLINE).outcome()).isEqualTo(Outcome.RESEND);
    }

    @Test
    void aCapturedCommandCannotBePlayedAgain() {
        assertThat(check(data(MSG, SIG, KID), new Accepted(42, "another"), BEFORE_DEADLINE).reason()).isEqualTo("replayed");
        assertThat(check(data(MSG, SIG, KID), new Accepted(57, "newer"), BEFORE_DEADLINE).reason()).isEqualTo("replayed");
    }

    @Test
    void aCommandPastItsDeadlineIsRefused() {
        assertThat(check(data(MSG, SIG, KID), Accepted.NONE, Instant.ofEpochMilli(1796342430000L)).reason()).isEqualTo("expired");
    }

    @Test
    void anythingTheKeyDidNotSignIsRefused() {
        assertThat(check(JSON.createObjectNode().put("duration", 5000).put("commandId", COMMAND_ID), Accepted.NONE, BEFORE_DEADLINE)
                .reason()).isEqualTo("unsigned");
        assertThat(check(data(MSG.replace("5000", "30000"), SIG, KID), Accepted.NONE, BEFORE_DEADLINE).reason()).isEqualTo("bad_signature");
        assertThat(check(data(MSG, SIG.replace('c', 'd'), KID), Accepted.NONE, BEFORE_DEADLINE).reason()).isEqualTo("bad_signature");
        assertThat(check(data(MSG, SIG, "0000000000000000"), Accepted.NONE, BEFORE_DEADLINE).reason()).isEqualTo("bad_signature");
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() throws Exception {
        var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(other.getPrivate());
        signer.update(MSG.getBytes(StandardCharsets.UTF_8));
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
        assertThat(check(data(MSG, forged, KID), Accepted.NONE, BEFORE_DEADLINE).reason()).isEqualTo("bad_signature");
    }

    @Test
    void aCommandSignedForAnotherLockOrAnotherFrameIsRefused() {
        assertThat(CommandCheck.check("door-2", "unlock_door", data(MSG, SIG, KID), KEY, Accepted.NONE, BEFORE_DEADLINE).reason())
                .isEqualTo("wrong_device");
        assertThat(CommandCheck.check("door-1", "lock_door", data(MSG, SIG, KID), KEY, Accepted.NONE, BEFORE_DEADLINE).reason())
                .isEqualTo("mismatch");
        ObjectNode otherId = data(MSG, SIG, KID).put("commandId", "7f1c2a9e-4b7d-4c1e-9f3a-2d8b5e7c1a40");
        assertThat(check(otherId, Accepted.NONE, BEFORE_DEADLINE).reason()).isEqualTo("mismatch");
    }
}
