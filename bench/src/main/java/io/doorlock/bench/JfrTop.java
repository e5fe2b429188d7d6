package io.doorlock.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import java.util.Arrays;

/**
 * A flight recording in a few lines (Java 17's {@code jfr} tool has no "hot methods" view): CPU samples by top frame
 * and by package anywhere on the stack, GC pauses, and allocation by class.
 *
 * <p>{@code bin/bench jfr-top bench/target/rt-command-service.jfr [--top 15]}
 */
public final class JfrTop {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int top = args.length > 2 && "--top".equals(args[1]) ? Integer.parseInt(args[2]) : 15;
        Map<String, Long> selfSamples = new HashMap<>();
        Map<String, Long> inclusivePackages = new HashMap<>();
        Map<String, Long> allocation = new HashMap<>();
        long samples = 0;
        long pauses = 0;
        long pauseNanos = 0;
        long longestPause = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            String type = event.getEventType().getName();
            if ("jdk.ExecutionSample".equals(type)) {
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                selfSamples.merge(method(frames.get(0)), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String pkg = area(frame);
                    if (seen.add(pkg)) {
                        inclusivePackages.merge(pkg, 1L, Long::sum);
                    }
                }
            } else if ("jdk.GarbageCollection".equals(type)) {
                pauses++;
                long nanos = event.getDuration("sumOfPauses").toNanos();
                pauseNanos += nanos;
                longestPause = Math.max(longestPause, event.getDuration("longestPause").toNanos());
            } else if ("jdk.ObjectAllocationSample".equals(type)) {
                allocation.merge(event.getClass("objectClass").getName(), event.getLong("weight"), Long::sum);
            }
        }
        System.out.printf("%s: %d CPU samples, %d collections, %.0f ms paused in all, longest %.1f ms%n", file.getFileName(), samples,
                pauses, pauseNanos / 1e6, longestPause / 1e6);
        print("CPU samples by top frame", selfSamples, samples, top);
        print("CPU samples by code area anywhere on the stack", inclusivePackages, samples, top);
        long allocated = allocation.values().stream().mapToLong(Long::longValue).sum();
        print("allocation by class (sampled weight)", allocation, allocated, top);
    }

    private static void print(String title, Map<String, Long> counts, long total, int top) {
        System.out.println("-- " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f %%  %s%n", total == 0 ? 0 : 100.0 * e.getValue() / total, e.getKey()));
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    /** The package, cut to three segments ({@code io.netty.handler}, {@code io.doorlock.commandservice}). */
    private static String area(RecordedFrame frame) {
        String name = frame.getMethod().getType().getName();
        int last = name.lastIndexOf('.');
        String pkg = last < 0 ? name : name.substring(0, last);
        String[] parts = pkg.split("\\.");
        return String.join(".", Arrays.copyOf(parts, Math.min(3, parts.length)));
    }
}
