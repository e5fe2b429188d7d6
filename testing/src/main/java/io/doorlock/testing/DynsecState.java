package io.doorlock.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Writes the first state file of Mosquitto's dynamic-security plugin: one admin client whose role may only use the
 * plugin's control topics, everything else denied by default. It is what {@code mosquitto_ctrl dynsec init} writes,
 * minus the admin's access to {@code #} and {@code $SYS}, and without putting the password on a command line.
 * The password is stored as the plugin stores it: PBKDF2-HMAC-SHA512, 64 bytes, a 12-byte salt.
 */
public final class DynsecState {

    static final int ITERATIONS = 101;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DynsecState() {}

    public static void writeInitial(Path file, MqttAccount admin) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode client = root.putArray("clients").addObject();
        client.put("username", admin.username());
        client.put("textName", "doorlock broker admin (provisions devices)");
        byte[] salt = new byte[12];
        new SecureRandom().nextBytes(salt);
        client.put("password", Base64.getEncoder().encodeToString(hash(admin.password(), salt)));
        client.put("salt", Base64.getEncoder().encodeToString(salt));
        client.put("iterations", ITERATIONS);
        client.putArray("roles").addObject().put("rolename", "admin");
        ObjectNode role = root.putArray("roles").addObject();
        role.put("rolename", "admin");
        ArrayNode acls = role.putArray("acls");
        for (String type : new String[] {"publishClientSend", "publishClientReceive", "subscribePattern"}) {
            acls.addObject().put("acltype", type).put("topic", "$CONTROL/dynamic-security/#").put("allow", true);
        }
        ObjectNode defaults = root.putObject("defaultACLAccess");
        defaults.put("publishClientSend", false);
        defaults.put("publishClientReceive", true);
        defaults.put("subscribe", false);
        defaults.put("unsubscribe", true);
        try {
            SecretFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hash(String password, byte[] salt) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 64 * 8)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
