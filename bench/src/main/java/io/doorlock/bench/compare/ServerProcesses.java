package io.doorlock.bench.compare;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server processes whose CPU counts: the given pids, with all their descendants when asked (so the pid of
 * {@code bin/run-local} brings the wire server in it, the broker and the four services), and those whose command line
 * holds the pattern.
 *
 * @param pids the processes, in the order found
 */
record ServerProcesses(List<Long> pids) {

    static ServerProcesses find(List<Long> given, boolean withDescendants, Optional<String> pattern) {
        Set<Long> pids = new LinkedHashSet<>();
        given.forEach(pid -> {
            pids.add(pid);
            if (withDescendants) {
                ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
            }
        });
        pattern.ifPresent(p -> pids.addAll(ProcessCpu.matching(p)));
        return new ServerProcesses(new ArrayList<>(pids));
    }

    Map<Long, Double> sample() {
        return ProcessCpu.sample(pids);
    }

    /** A short name for a process: its main class, jar or program. */
    static String name(long pid) {
        String command = ProcessCpu.commandLine(pid);
        String[] words = command.split(" ");
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals("-jar") && i + 1 < words.length) {
                return words[i + 1].replaceAll(".*?([A-Za-z0-9_-]+)/target/.*", "$1");
            }
        }
        return words.length == 0 || words[0].isEmpty() ? "pid " + pid : words[0].replaceAll(".*/", "");
    }
}
