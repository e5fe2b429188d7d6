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
    }
}
