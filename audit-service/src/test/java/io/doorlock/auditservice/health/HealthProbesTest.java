package io.doorlock.auditservice.health;

import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.HealthProbes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Readiness goes DOWN when the broker or the database goes away, and UP again when it is back; liveness stays UP. */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class HealthProbesTest {

    @TestHTTPResource("/")
    URI service;

    @Test
    void readinessFollowsTheBrokerAndTheDatabase() {
        HealthProbes.assertReadinessFollowsBrokerAndDatabase(service);
        // The audit subscription is a session of its own; it came back too, and said so.
        HealthProbes.awaitMetric(service, "doorlock_mqtt_connected", 1, "client=\"audit-bus\"");
        org.assertj.core.api.Assertions.assertThat(io.doorlock.testing.PrometheusText.sum(io.restassured.RestAssured.get("/q/metrics").asString(),
                "doorlock_mqtt_reconnects_total", "client=\"audit-bus\"")).isGreaterThanOrEqualTo(1);
    }
}
