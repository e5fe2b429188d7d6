package io.doorlock.base.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.common.bus.BusEnvelope;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every record and enum of {@code common} (what Jackson reads and writes) is registered for reflection. */
class MessageReflectionTest {

    @Test
    void everyMessageRecordAndEnumOfCommonIsRegistered() throws Exception {
        Set<Class<?>> registered = Set.of(MessageReflection.class.getAnnotation(RegisterForReflection.class).targets());
        List<Class<?>> messages = new ArrayList<>();
        for (String name : commonClassNames()) {
            Class<?> type = Class.forName(name, false, getClass().getClassLoader());
            if ((type.isRecord() || type.isEnum()) && !type.isMemberClass() && !type.isAnonymousClass()) {
                messages.add(type);
            }
        }
        assertThat(messages).as("records and enums found in common").hasSizeGreaterThan(50);
        assertThat(messages).as("add the missing ones to MessageReflection").allMatch(registered::contains);
    }

    /** Names of every top-level class compiled into {@code common} (a directory in the reactor, a jar otherwise). */
    static List<String> commonClassNames() throws IOException, URISyntaxException {
        Path location = Path.of(BusEnvelope.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                return files.map(p -> location.relativize(p).toString()).filter(MessageReflectionTest::topLevelClass)
                        .map(MessageReflectionTest::className).collect(Collectors.toList());
            }
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            return jar.stream().map(e -> e.getName()).filter(MessageReflectionTest::topLevelClass)
                    .map(MessageReflectionTest::className).collect(Collectors.toList());
        }
    }

    private static boolean topLevelClass(String path) {
        return path.startsWith("io/doorlock/common/") && path.endsWith(".class") && !path.contains("$");
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.').replace('\\', '.');
    }
}
