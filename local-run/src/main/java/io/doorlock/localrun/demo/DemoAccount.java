package io.doorlock.localrun.demo;

import io.doorlock.testing.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The local run's demo account: a plain user, not an admin, who owns the demo door lock. It is signed up through the
 * public API at the first start, with a password made then and kept in {@code demo-password} of the data directory
 * (owner-only), because the account itself persists in the on-disk database.
 */
public final class DemoAccount {

    public static final String USERNAME = "demo";

    private final Path passwordFile;
    private final String accessToken;

    private DemoAccount(Path passwordFile, String accessToken) {
        this.passwordFile = passwordFile;
        this.accessToken = accessToken;
    }

    /** Signs the demo account in, signing it up first where it does not exist yet. */
    public static DemoAccount signIn(Path data, DashboardApi api) {
        Path passwordFile = data.resolve("demo-password");
        boolean made = !Files.isRegularFile(passwordFile);
        String password = made ? make(passwordFile) : read(passwordFile);
        Optional<String> token = api.signIn(USERNAME, password);
        if (token.isEmpty()) {
            try {
                api.signUp(USERNAME, USERNAME + "@doorlock.local", password);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("the demo account exists but its password is not the one in " + passwordFile
                        + (made ? " (made just now: the file was missing)" : "") + "; remove the data directory to start afresh", e);
            }
            token = api.signIn(USERNAME, password);
        }
        return new DemoAccount(passwordFile, token.orElseThrow(() -> new IllegalStateException(USERNAME + " cannot sign in after signing up")));
    }

    /** The owner-only file that holds the password. */
    public Path passwordFile() {
        return passwordFile;
    }

    String accessToken() {
        return accessToken;
    }

    private static String make(Path file) {
        byte[] bytes = new byte[10];
        new SecureRandom().nextBytes(bytes);
        String password = HexFormat.of().formatHex(bytes);
        SecretFiles.write(file, password);
        return password;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
