package io.doorlock.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Files that hold secrets (passwords, keys, a service's configuration): created readable by their owner only before
 * anything is written, so there is never a moment when another local user could read them.
 */
public final class SecretFiles {

    private SecretFiles() {}

    /** Replaces {@code file} with {@code text}, owner-only ({@code rw-------}). */
    public static Path write(Path file, String text) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
            restrict(file, "rw-------");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Replaces {@code file} with {@code values} as a properties file, owner-only. */
    public static Path writeProperties(Path file, Map<String, String> values, String comment) {
        Properties properties = new Properties();
        properties.putAll(values);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
            restrict(file, "rw-------");
            try (Writer out = Files.newBufferedWriter(file)) {
                properties.store(out, comment);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }

    /** Creates {@code dir} if needed, enterable by its owner only ({@code rwx------}). */
    public static Path directory(Path dir) {
        try {
            Files.createDirectories(dir);
            restrict(dir, "rwx------");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }
}
