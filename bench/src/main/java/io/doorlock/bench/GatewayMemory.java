package io.doorlock.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a service process's memory is, at one moment: resident memory ({@code /proc/<pid>/status}), and with
 * {@code nmt}, the JVM's own account of its native memory ({@code jcmd VM.native_memory summary}, the JVM started
 * with {@code -XX:NativeMemoryTracking=summary}), committed KiB per category. Each NMT summary and the smaps rollup
 * are also kept in {@code bench/target/connections-<label>-*.txt} for reading afterwards.
 */
final class GatewayMemory {

    private static final Pattern CATEGORY = Pattern.compile("-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB");

    private final long pid;
    private final boolean nmt;
    private final Path dir;

    GatewayMemory(long pid, boolean nmt, Path dir) {
        this.pid = pid;
        this.nmt = nmt;
        this.dir = dir;
    }

    /** One reading: RSS in bytes and, with NMT, committed KiB by category (in the JVM's order). */
    record Reading(String label, long rss, Map<String, Long> committedKiB) {

        long committed(String category) {
            return committedKiB.getOrDefault(category, 0L);
        }
    }

    Reading read(String label) throws Exception {
        long rss = ConnectionsBenchmark.rss(pid);
        copy(Path.of("/proc/" + pid + "/smaps_rollup"), dir.resolve("connections-" + label + "-smaps.txt"));
        Map<String, Long> committed = new LinkedHashMap<>();
        if (nmt) {
            Path file = dir.resolve("connections-" + label + "-nmt.txt");
            Bench.jcmdTo(pid, file, "VM.native_memory", "summary");
            Matcher total = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(Files.readString(file));
            if (total.find()) {
                committed.put("Total", Long.parseLong(total.group(1)));
            }
            Matcher m = CATEGORY.matcher(Files.readString(file));
            while (m.find()) {
                committed.put(m.group(1).trim(), Long.parseLong(m.group(2)));
            }
        }
        return new Reading(label, rss, committed);
    }

    /** The classes with the most live instances, after a full GC ({@code jcmd GC.class_histogram}). */
    void histogram(String label) {
        Bench.jcmdTo(pid, dir.resolve("connections-" + label + "-histogram.txt"), "GC.class_histogram");
    }

    private static void copy(Path from, Path to) {
        try {
            Files.writeString(to, Files.readString(from));
        } catch (Exception e) {
            // not Linux, or the process is gone
        }
    }
}
