package io.doorlock.commandservice.command;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * command-service on a {@link ManualClock}, with the periodic sweep out of the way (once an hour of real time): a test
 * moves the clock and runs the sweep itself, so each timer fires exactly once the test has made it due.
 */
public class ManualClockProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(ManualClock.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("doorlock.commands.sweep-interval", "1h");
    }
}
