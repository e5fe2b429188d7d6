package io.doorlock.systemtests.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Main code names types by their simple names and imports them: no line names a type by its full package. */
class InlineTypeNamesTest {

    /** A package path of at least two lower-case segments under a common root, then a type name. */
    static final Pattern QUALIFIED_TYPE = Pattern.compile(
            "(?<![\\w.])(?:io|com|org|de|net|java|javax|jakarta|reactor)(?:\\.[a-z_][a-z0-9_]*)+\\.[A-Z]\\w*");

    private final Modules modules = Modules.ofRepository();

    @Test
    void mainCodeImportsTheTypesItNames() throws IOException {
        List<String> found = new ArrayList<>();
        for (String module : modules.withMainCode()) {
            try (Stream<Path> files = Files.walk(modules.mainSources(module))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        String at = file + ":" + (i + 1) + " ";
                        qualifiedName(lines.get(i)).ifPresent(name -> found.add(at + name));
                    }
                }
            }
        }
        assertThat(found).as("inline fully-qualified type names in main code").isEmpty();
    }

    @Test
    void theCheckSeesAQualifiedName() {
        assertThat(qualifiedName("    private final io.doorlock.common.json.JsonCodec codec;")).contains("io.doorlock.common.json.JsonCodec");
        assertThat(qualifiedName("     * {@link java.time.Clock#systemUTC()}")).contains("java.time.Clock");
        assertThat(qualifiedName("import io.doorlock.common.json.JsonCodec;")).isEmpty();
        assertThat(qualifiedName("        log.info(\"written by io.doorlock.testing.ServiceProcess\");")).isEmpty();
        assertThat(qualifiedName("        return codec.mapper().readTree(frame);")).isEmpty();
    }

    /** The first qualified type name on a line that is not an import or package line, outside string literals. */
    static Optional<String> qualifiedName(String line) {
        String trimmed = line.stripLeading();
        if (trimmed.startsWith("import ") || trimmed.startsWith("package ")) {
            return Optional.empty();
        }
        Matcher m = QUALIFIED_TYPE.matcher(withoutStrings(line));
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    private static String withoutStrings(String line) {
        StringBuilder out = new StringBuilder(line.length());
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
                continue;
            }
            out.append(quoted ? ' ' : c);
        }
        return out.toString();
    }
}
