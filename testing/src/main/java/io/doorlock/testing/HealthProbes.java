package io.doorlock.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The Kubernetes probes of a service under test, against {@link DoorlockInfrastructure}'s real broker and wire
 * server: readiness must go DOWN within seconds of losing either, and UP again after, while liveness stays UP.
 */
public final class HealthProbes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration DOWN_WITHIN = Duration.ofSeconds(15);
    private static final Duration UP_WITHIN = Duration.ofSeconds(30);

    private HealthProbes() {}

    /** Runs the whole sequence; the infrastructure must belong to this test class alone (it is stopped and started). */
    public static void assertReadinessFollowsBrokerAndDatabase(URI service) {
        awaitStatus(service, "/q/health/ready", 200, UP_WITHIN);
        assertStatus(service, "/q/health/live", 200);
        assertStatus(service, "/q/health/started", 200);

        // The monitor samples the channels once a second: let it see the connection before taking it away.
        awaitMetric(service, "doorlock_mqtt_connected", 1, "client=\"bus\"");
        double reconnects = busReconnects(service);
        DoorlockInfrastructure.broker().stop();
        awaitStatus(service, "/q/health/ready", 503, DOWN_WITHIN);
        assertStatus(service, "/q/health/live", 200);
        awaitMetric(service, "doorlock_mqtt_connected", 0, "client=\"bus\"");
        DoorlockInfrastructure.broker().startAgain();
        awaitStatus(service, "/q/health/ready", 200, UP_WITHIN);
        awaitMetric(service, "doorlock_mqtt_connected", 1, "client=\"bus\"");
        if (busReconnects(service) < reconnects + 1) {
            throw new AssertionError("doorlock_mqtt_reconnects_total{client=\"bus\"} did not count the return of the broker");
        }

        DoorlockInfrastructure.mongo().stop();
        awaitStatus(service, "/q/health/ready", 503, DOWN_WITHIN);
        assertStatus(service, "/q/health/live", 200);
        DoorlockInfrastructure.mongo().startAgain();
        awaitStatus(service, "/q/health/ready", 200, UP_WITHIN);
    }

    public static void assertStatus(URI service, String path, int expected) {
        int actual = status(service, path);
        if (actual != expected) {
            throw new AssertionError(path + " answered " + actual + ", expected " + expected);
        }
    }

    public static void awaitStatus(URI service, String path, int expected, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = status(service, path);
            if (last == expected) {
                return;
            }
            FreePorts.sleep(250);
        }
        throw new AssertionError(path + " did not answer " + expected + " within " + within + " (last: " + last + ")");
    }

    private static double busReconnects(URI service) {
        return PrometheusText.sum(text(service, "/q/metrics"), "doorlock_mqtt_reconnects_total", "client=\"bus\"");
    }

    /** Waits until the sum of {@code name}'s samples with {@code labels} equals {@code expected}. */
    public static void awaitMetric(URI service, String name, double expected, String... labels) {
        long deadline = System.nanoTime() + UP_WITHIN.toNanos();
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            last = PrometheusText.sum(text(service, "/q/metrics"), name, labels);
            if (last == expected) {
                return;
            }
            FreePorts.sleep(250);
        }
        throw new AssertionError(name + " did not reach " + expected + " within " + UP_WITHIN + " (last: " + last + ")");
    }

    private static String text(URI service, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(service.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int status(URI service, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(service.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
