package dev.loadlab.lab;

import dev.loadlab.lab.results.PointNotes;
import dev.loadlab.lab.results.Summary;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The run's points as a fixed-width table for the terminal; below a point, a line for what its numbers cannot say
 * (incomplete, no successful response, drain timed out).
 */
final class ConsoleTable {

    private ConsoleTable() {
    }

    static String render(Summary summary) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-10s %-6s %7s %9s %9s %6s %9s %9s %6s %9s%n", "variant", "model", "level",
                "req/s", "bound", "eff", "p50 ms", "p99 ms", "ko", "svc us/rq"));
        for (Summary.Point p : summary.points()) {
            Optional<String> none = PointNotes.noSuccess(p.requests());
            out.append(String.format("%-10s %-6s %7s %9.1f %9.1f %5.0f%% %9s %9s %6d %9s%n", p.variant(),
                    p.model(), Summary.Point.CLOSED.equals(p.model()) ? p.concurrency() + "u" : fmt(p.rateRps()) + "/s",
                    p.throughputRps(), p.bound().littleRps(), p.bound().efficiency() * 100,
                    none.isPresent() ? "-" : String.format("%.1f", p.latencyMs().p50()),
                    none.isPresent() ? "-" : String.format("%.1f", p.latencyMs().p99()), p.requests().ko(),
                    p.cpu().serviceUsPerRequest() == null ? "-" : String.format("%.0f", p.cpu().serviceUsPerRequest())));
            if (!p.complete()) {
                out.append(String.format("%10s INCOMPLETE %s: %s%n", "", p.id(), p.reason()));
            }
            Stream.concat(none.stream(), PointNotes.drainTimedOut(p.drain()).stream())
                    .forEach(note -> out.append(String.format("%10s %s: %s%n", "", p.id(), note)));
        }
        return out.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
