package dev.loadlab.lab.gate;

import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes a run folder's summary.json with chosen numbers per point, to judge without running anything. */
final class GateRunFixture {

    private final List<Summary.Point> points = new ArrayList<>();
    private final Set<String> variants = new LinkedHashSet<>();
    private String status = Summary.RunInfo.COMPLETE;
    private double criticalPathMs = 200;

    static GateRunFixture run() {
        return new GateRunFixture();
    }

    /** Adds one closed-model point per throughput value (repeats 1, 2, ...), p99 and CPU per request alike. */
    GateRunFixture trials(String variant, int users, double p99Ms, double cpuUs, double... throughputs) {
        for (int i = 0; i < throughputs.length; i++) {
            point(variant, users, i + 1, throughputs[i], p99Ms, cpuUs, 0);
        }
        return this;
    }

    GateRunFixture point(String variant, int users, int repeat, double throughput, double p99Ms, double cpuUs,
                         long ko) {
        return point(variant, users, repeat, throughput, criticalPathMs + 10, p99Ms, cpuUs, ko);
    }

    GateRunFixture point(String variant, int users, int repeat, double throughput, double meanMs, double p99Ms,
                         double cpuUs, long ko) {
        variants.add(variant);
        String id = variant + "-c" + users + "-" + repeat;
        double little = users / (criticalPathMs / 1000);
        long ok = Math.round(throughput * 3);
        points.add(new Summary.Point(id, variant, Summary.Point.CLOSED, users, null, repeat, "complete",
                new Summary.Window(0, 3000, 3), new Summary.Requests(ok, ko, ko == 0 ? Map.of() : Map.of("status 503", ko)),
                throughput, new Summary.LatencyMs(200, criticalPathMs + 5, p99Ms * 0.9, p99Ms * 0.95, p99Ms, p99Ms,
                p99Ms, meanMs), new Summary.Bound(criticalPathMs, little, null, throughput / little),
                new Summary.Cpu(cpuUs, 50.0, 30.0), 150.0, 1, "histograms/" + id + ".hlog", List.of()));
        return this;
    }

    /** JFR evidence on the variant's points at a level: the pinned events of each, by repeat from 1. */
    GateRunFixture pinned(String variant, int users, long... eventsPerRepeat) {
        for (int i = 0; i < eventsPerRepeat.length; i++) {
            long events = eventsPerRepeat[i];
            String id = variant + "-c" + users + "-" + (i + 1);
            Summary.Profile profile = new Summary.Profile("points/" + id + "/profile", "flame.html",
                    "jfr-summary.json", 300L, Map.of("httpClient", 0.4, "other", 0.6), events,
                    events == 0 ? List.of() : List.of("dev.loadlab.service.Pinning$NativeFrame.run",
                            "dev.loadlab.service.PinnedUpstreams.location"), null, null);
            points.replaceAll(p -> !p.id().equals(id) ? p : new Summary.Point(p.id(), p.variant(), p.model(),
                    p.concurrency(), p.rateRps(), p.repeat(), p.status(), p.window(), p.requests(), p.throughputRps(),
                    p.latencyMs(), p.bound(), p.cpu(), p.serviceRssMb(), p.injectors(), p.histogram(),
                    p.gatlingReports(), p.reason(), p.perInjector(), p.drain(), profile));
        }
        return this;
    }

    GateRunFixture incomplete() {
        status = Summary.RunInfo.INCOMPLETE;
        return this;
    }

    Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Double> latency = new LinkedHashMap<>(Map.of("location", 100.0, "sun", 100.0, "weather", 100.0));
        Summary summary = new Summary(Summary.SCHEMA_VERSION,
                new Summary.RunInfo("20261125-010000-gate", "gate", status,
                        status.equals(Summary.RunInfo.COMPLETE) ? null : "interrupted", "2026-11-25T01:00:00Z",
                        "2026-11-25T01:03:00Z", "abc123", "./lab gate",
                        new Summary.Environment("25", "Eclipse Adoptium", "Linux", 2, 24000, Map.of())),
                new Summary.RunConfig("sun", List.copyOf(variants), Map.of(), true, "fixed", latency, 16, 1024,
                        List.of(8, 64), List.of(), 1, 3, 10, 5, 1),
                points);
        SummaryFiles.write(dir, summary);
        return dir;
    }
}
