package io.doorlock.systemtests.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Maven modules of this repository, as the root {@code pom.xml} lists them, and where their code is. */
record Modules(Path root, List<String> names) {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    static Modules ofRepository() {
        Path root = Path.of(System.getProperty("doorlock.repo.root", "..")).toAbsolutePath().normalize();
        try {
            Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
            List<String> names = m.results().map(r -> r.group(1).trim()).toList();
            if (names.isEmpty()) {
                throw new IllegalStateException("no <module> in " + root.resolve("pom.xml"));
            }
            return new Modules(root, names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The modules that have main code. */
    List<String> withMainCode() {
        return names.stream().filter(name -> Files.isDirectory(mainSources(name))).toList();
    }

    Path mainSources(String module) {
        return root.resolve(module).resolve("src/main/java");
    }

    /** The compiled main classes of a module; Maven builds every module before this one (see this module's pom). */
    Path mainClasses(String module) {
        Path classes = root.resolve(module).resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException(module + " is not compiled (" + classes + " is missing): build the whole reactor");
        }
        return classes;
    }
}
