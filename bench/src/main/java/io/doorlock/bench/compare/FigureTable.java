package io.doorlock.bench.compare;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The benchmark's output: one line per step as it ends, and a Markdown table of all steps at the end. */
final class FigureTable {

    private FigureTable() {}

    static String line(StepReport report, long devicesOpen, long dashboardsOpen) {
        StepFigures f = report.figures();
        return String.format("rate %.0f/s: sent %d, queued %d, refused %s, unanswered %d, reached device %d, executed %d; "
                + "send→device %s; send→executed %s; sustained %.1f/s; server CPU %.1f ms/command %s; driver CPU %.1f ms/command; "
                + "still open: %d devices, %d dashboards", f.rate(), f.sent(), f.queued(), f.refused(), f.unanswered(),
                f.reachedDevice(), f.executed(), latency(f.sendToDevice()), latency(f.sendToExecuted()), f.sustained(),
                report.serverMillisPerCommand(), cpu(report), report.driverMillisPerCommand(), devicesOpen, dashboardsOpen);
    }

    static String table(List<StepReport> reports) {
        StringBuilder table = new StringBuilder("| rate/s | sent | queued | refused | unanswered | reached device | executed "
                + "| send→device p50/p95/p99/max | send→executed p50/p95/p99/max | sustained/s | server CPU/command | driver CPU/command |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (StepReport report : reports) {
            StepFigures f = report.figures();
            table.append(String.format("| %.0f | %d | %d | %s | %d | %d | %d | %s | %s | %.1f | %.1f ms | %.1f ms |%n", f.rate(),
                    f.sent(), f.queued(), f.refused().isEmpty() ? "0" : f.refused().toString(), f.unanswered(), f.reachedDevice(),
                    f.executed(), latency(f.sendToDevice()), latency(f.sendToExecuted()), f.sustained(),
                    report.serverMillisPerCommand(), report.driverMillisPerCommand()));
        }
        return table.toString();
    }

    private static String latency(Optional<Percentiles> percentiles) {
        return percentiles.map(Percentiles::millis).orElse("–");
    }

    private static String cpu(StepReport report) {
        return report.serverCpu().entrySet().stream().map(e -> String.format("%s %.1f s", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
