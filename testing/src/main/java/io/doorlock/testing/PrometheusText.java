package io.doorlock.testing;

import java.util.Arrays;

/** Reads figures out of a {@code /q/metrics} page (Prometheus text format), for tests that watch a metric move. */
public final class PrometheusText {

    private PrometheusText() {}

    /** The sum of every sample of {@code name} whose line contains all of {@code labels} (e.g. {@code reason="offline"}). */
    public static double sum(String page, String name, String... labels) {
        return page.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
