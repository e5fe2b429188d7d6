package io.doorlock.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared helpers of the benchmarks: options, the repository root, HTTP GET, and the final table. */
final class Bench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Bench() {}

    /** {@code --name value} pairs. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("doorlock.repo.root", ".")).toAbsolutePath().normalize();
    }

    static String get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** Prints the figures as a two-column table. */
    static void table(String title, String[][] rows) {
        int width = 0;
        for (String[] row : rows) {
            width = Math.max(width, row[0].length());
        }
        System.out.println();
        System.out.println("== " + title);
        for (String[] row : rows) {
            System.out.printf("| %-" + width + "s | %s |%n", row[0], row[1]);
        }
        System.out.println();
    }
}
