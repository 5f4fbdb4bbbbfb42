package dev.loadlab.lab;

import dev.loadlab.lab.results.PointNotes;
import dev.loadlab.lab.results.Summary;

/** The run's points as a fixed-width table for the terminal. */
final class ConsoleTable {

    private ConsoleTable() {
    }

    static String render(Summary summary) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-10s %-6s %7s %9s %9s %6s %9s %9s %6s %9s%n", "variant", "model", "level",
                "req/s", "bound", "eff", "p50 ms", "p99 ms", "ko", "svc us/rq"));
        for (Summary.Point p : summary.points()) {
            out.append(String.format("%-10s %-6s %7s %9.1f %9.1f %5.0f%% %9.1f %9.1f %6d %9s%n", p.variant(),
                    p.model(), Summary.Point.CLOSED.equals(p.model()) ? p.concurrency() + "u" : fmt(p.rateRps()) + "/s",
                    p.throughputRps(), p.bound().littleRps(), p.bound().efficiency() * 100, p.latencyMs().p50(),
                    p.latencyMs().p99(), p.requests().ko(),
                    p.cpu().serviceUsPerRequest() == null ? "-" : String.format("%.0f", p.cpu().serviceUsPerRequest())));
            if (!p.complete()) {
                out.append(String.format("%10s INCOMPLETE %s: %s%n", "", p.id(), p.reason()));
            }
            PointNotes.drainTimedOut(p.drain()).ifPresent(note -> out.append(String.format("%10s %s: %s%n", "",
                    p.id(), note)));
        }
        return out.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
