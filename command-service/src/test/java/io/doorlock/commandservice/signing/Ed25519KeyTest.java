package io.doorlock.commandservice.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doorlock.common.command.CommandKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import org.junit.jupiter.api.Test;

class Ed25519KeyTest {

    @Test
    void signsTheSameBytesAsTheJdk() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Ed25519Key key = Ed25519Key.of(keys);
        for (String message : new String[] {"", "doorlock command key check", "{\"v\":1,\"deviceId\":\"door-1\",\"command\":\"unlock_door\"}"}) {
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            Signature jdk = Signature.getInstance("Ed25519");
            jdk.initSign(keys.getPrivate());
            jdk.update(bytes);
            assertThat(key.sign(bytes)).as(message).isEqualTo(jdk.sign());
        }
    }

    @Test
    void aSignatureIsCheckedByTheDevicesCheck() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] signature = Ed25519Key.of(keys).sign("open".getBytes(StandardCharsets.UTF_8));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(keys.getPublic());
        verifier.update("open".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(signature)).isTrue();
        verifier.initVerify(keys.getPublic());
        verifier.update("opeN".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(signature)).isFalse();
    }

    @Test
    void itsPublicKeyIsTheRawKeyDevicesAreGiven() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThat(Ed25519Key.of(keys).publicKey()).isEqualTo(CommandKeys.raw(keys.getPublic()));
    }

    @Test
    void refusesAKeyThatIsNotEd25519() throws Exception {
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        assertThatThrownBy(() -> Ed25519Key.of(ec)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ed25519");
    }
}
