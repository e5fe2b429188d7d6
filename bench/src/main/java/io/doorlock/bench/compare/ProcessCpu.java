package io.doorlock.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time of processes from {@code /proc/<pid>/stat} (utime + stime, in USER_HZ ticks of 1/100 s), and the
 * processes whose command line holds a pattern.
 */
final class ProcessCpu {

    private static final Path PROC = Path.of("/proc");

    private ProcessCpu() {}

    /** CPU seconds (user + system) {@code pid} has used so far; empty once it is gone. */
    static Optional<Double> seconds(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** CPU seconds of each of {@code pids}, by pid (0 for a process that is gone). */
    static Map<Long, Double> sample(List<Long> pids) {
        Map<Long, Double> sample = new LinkedHashMap<>();
        pids.forEach(pid -> sample.put(pid, seconds(pid).orElse(0.0)));
        return sample;
    }

    /** Every process but this one whose command line contains {@code pattern}. */
    static List<Long> matching(String pattern) {
        List<Long> pids = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(p -> p.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit)).forEach(name -> {
                long pid = Long.parseLong(name);
                if (pid != self && commandLine(pid).contains(pattern)) {
                    pids.add(pid);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return pids;
    }

    /** The command line of {@code pid}, arguments joined by spaces ({@code ""} if it is gone). */
    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(PROC.resolve(pid + "/cmdline"))).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }
}
