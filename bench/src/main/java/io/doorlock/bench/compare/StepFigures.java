package io.doorlock.bench.compare;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The command figures of one rate step.
 *
 * @param rate the scheduled sends per second
 * @param length how long sends were scheduled
 * @param sent sends made
 * @param queued sends answered {@code queued} ({@code command_sent})
 * @param refused sends answered with a refusal, by code (the seed's refusals carry only a message)
 * @param unanswered sends without any answer when the step was closed
 * @param reachedDevice commands that reached their device
 * @param executed commands a dashboard saw as {@code executed}
 * @param sendToDevice latency from the send to the command at the device
 * @param sendToExecuted latency from the send to the dashboard's {@code executed}
 * @param sustained commands that reached their device per second, over the longer of the schedule and the time from
 *     the first send to the last arrival
 */
record StepFigures(double rate, Duration length, long sent, long queued, Map<String, Long> refused, long unanswered,
        long reachedDevice, long executed, Optional<Percentiles> sendToDevice, Optional<Percentiles> sendToExecuted,
        double sustained) {}
