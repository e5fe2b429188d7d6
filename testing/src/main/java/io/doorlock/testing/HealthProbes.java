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

        DoorlockInfrastructure.broker().stop();
        awaitStatus(service, "/q/health/ready", 503, DOWN_WITHIN);
        assertStatus(service, "/q/health/live", 200);
        DoorlockInfrastructure.broker().startAgain();
        awaitStatus(service, "/q/health/ready", 200, UP_WITHIN);

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
