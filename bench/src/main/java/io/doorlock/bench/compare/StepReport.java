package io.doorlock.bench.compare;

import java.util.Map;

/**
 * One rate step: its command figures and the CPU spent meanwhile.
 *
 * @param figures what became of the sends
 * @param serverCpu CPU seconds of each server process (by name) from the first send to the end of the drain
 * @param driverCpu CPU seconds of the benchmark's own JVM over the same time
 */
record StepReport(StepFigures figures, Map<String, Double> serverCpu, double driverCpu) {

    /** Server CPU milliseconds per command sent. */
    double serverMillisPerCommand() {
        return figures.sent() == 0 ? 0 : serverCpu.values().stream().mapToDouble(Double::doubleValue).sum() * 1000 / figures.sent();
    }

    /** The driver's CPU milliseconds per command sent. */
    double driverMillisPerCommand() {
        return figures.sent() == 0 ? 0 : driverCpu * 1000 / figures.sent();
    }
}
