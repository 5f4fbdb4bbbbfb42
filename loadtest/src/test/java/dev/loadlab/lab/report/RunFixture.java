package dev.loadlab.lab.report;

import dev.loadlab.lab.results.HistogramLogs;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * Writes a synthetic run folder the way the lab does: summary.json, one histogram log per point (OK and KO
 * intervals, one per second) and a Gatling index.html per point. The numbers follow a simple model of the
 * service: every variant is bound by Little's law (users ÷ critical path); blocking also by its pool
 * (pool size ÷ critical path); async and virtual by a CPU ceiling. Percentiles in the summary are read
 * from the histograms written, so summary and logs agree exactly.
 */
final class RunFixture {

    private String name = "compare";
    private String id;
    private List<String> variants = List.of("blocking", "virtual", "async");
    private List<Integer> levels = List.of(16, 64, 256, 512);
    private List<Double> rates = List.of(200.0, 800.0);
    private int repeats = 1;
    private String endpoint = "sun";
    private double upstreamMs = 100;
    private String profile = "fixed";
    private boolean embedded = true;
    private String incompleteReason;
    private double asyncSpeed = 1.0;
    private double asyncCpu = 85;
    private int poolSize = 64;
    private double measureSeconds = 4;
    private long seed = 42;
    private String scenarioFile;
    private Map<String, String> criticalPaths;

    static RunFixture run(String name) {
        RunFixture f = new RunFixture();
        f.name = name;
        return f;
    }

    RunFixture id(String value) {
        id = value;
        return this;
    }

    RunFixture variants(String... values) {
        variants = List.of(values);
        return this;
    }

    RunFixture levels(Integer... values) {
        levels = List.of(values);
        return this;
    }

    RunFixture rates(Double... values) {
        rates = List.of(values);
        return this;
    }

    RunFixture repeats(int value) {
        repeats = value;
        return this;
    }

    RunFixture endpoint(String value) {
        endpoint = value;
        return this;
    }

    RunFixture upstreamMs(double value) {
        upstreamMs = value;
        return this;
    }

    RunFixture profile(String value) {
        profile = value;
        return this;
    }

    /** A --target run: the lab did not start the service, so no pool bound and no CPU. */
    RunFixture targets() {
        embedded = false;
        return this;
    }

    RunFixture incomplete(String reason) {
        incompleteReason = reason;
        return this;
    }

    /** Scales async's CPU ceiling (throughput) to make a second run better or worse. */
    RunFixture asyncSpeed(double factor) {
        asyncSpeed = factor;
        return this;
    }

    RunFixture asyncCpu(double usPerRequest) {
        asyncCpu = usPerRequest;
        return this;
    }

    RunFixture poolSize(int value) {
        poolSize = value;
        return this;
    }

    /** The scenario file and each variant's critical path, as a scenario run records them. */
    RunFixture scenario(String file, Map<String, String> paths) {
        scenarioFile = file;
        criticalPaths = paths;
        return this;
    }

    RunFixture seed(long value) {
        seed = value;
        return this;
    }

    Path writeTo(Path parent) {
        String runId = id != null ? id : "20261125-101500-" + name;
        Path dir = parent.resolve(runId);
        try {
            Files.createDirectories(dir.resolve("histograms"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Random random = new Random(seed);
        double criticalPathMs = 2 * upstreamMs;
        List<Summary.Point> points = new ArrayList<>();
        long clock = 1_764_065_700_000L;
        for (int repeat = 1; repeat <= repeats; repeat++) {
            for (String variant : variants) {
                for (int users : levels) {
                    points.add(point(dir, variant, Summary.Point.CLOSED, users, null, repeat, criticalPathMs,
                            clock, random));
                    clock += 10_000;
                }
                for (double rate : rates) {
                    points.add(point(dir, variant, Summary.Point.OPEN, null, rate, repeat, criticalPathMs, clock,
                            random));
                    clock += 10_000;
                }
            }
        }
        Map<String, String> targets = new LinkedHashMap<>();
        variants.forEach(v -> targets.put(v, "http://127.0.0.1:41234/api/" + v));
        Summary.RunConfig config = new Summary.RunConfig(endpoint, variants, targets, embedded, profile,
                Map.of("location", upstreamMs, "sun", upstreamMs, "weather", upstreamMs),
                embedded ? poolSize : null, embedded ? 1024 : null, levels, rates, 2.0, measureSeconds, 10.0,
                repeats, 1);
        if (scenarioFile != null) {
            config = config.withScenario(scenarioFile, criticalPaths);
        }
        Summary.RunInfo info = new Summary.RunInfo(runId, name,
                incompleteReason == null ? Summary.RunInfo.COMPLETE : Summary.RunInfo.INCOMPLETE, incompleteReason,
                "2026-11-25T10:15:00Z", "2026-11-25T10:20:01Z", "a1b2c3d4e5f6", "./lab compare --name " + name,
                new Summary.Environment("25.0.1+8-LTS", "Eclipse Adoptium", "Linux 6.1 amd64", 2, 24000,
                        Map.of("gatling", "3.15.1", "helidon", "4.5.0")));
        SummaryFiles.write(dir, new Summary(Summary.SCHEMA_VERSION, info, config, points));
        return dir;
    }

    private Summary.Point point(Path dir, String variant, String model, Integer users, Double rate, int repeat,
                                double criticalPathMs, long start, Random random) {
        boolean closed = Summary.Point.CLOSED.equals(model);
        String pointId = variant + (closed ? "-c" + users : "-r" + Math.round(rate)) + "-" + repeat;
        double cpSeconds = criticalPathMs / 1000.0;
        Double poolRps = embedded && variant.equals("blocking") ? poolSize / cpSeconds : null;
        double ceiling = switch (variant) {
            case "blocking" -> poolRps != null ? poolRps : 900;
            case "virtual" -> 1150;
            case "async" -> 1300 * asyncSpeed;
            default -> 1000;
        };
        double jitter = 1 + (random.nextDouble() - 0.5) * 0.02;
        double little = closed ? users / cpSeconds : rate;
        double throughput = Math.min(little * 0.985, ceiling * 0.99) * jitter;
        double errorShare = closed || rate <= ceiling ? 0 : 1 - ceiling / rate;
        // Closed: Little's law sets the mean response time; open: queueing beyond the ceiling adds delay.
        double meanMs = closed ? Math.max(criticalPathMs + 1, users / throughput * 1000)
                : rate <= ceiling ? criticalPathMs + 2 : criticalPathMs * 6;
        long ok = Math.round(throughput * measureSeconds);
        long ko = closed ? 0 : Math.round(rate * measureSeconds * errorShare);
        List<Histogram> intervals = new ArrayList<>();
        int seconds = (int) measureSeconds;
        for (int s = 0; s < seconds; s++) {
            Histogram okInterval = HistogramLogs.empty();
            okInterval.setTag(HistogramLogs.OK);
            okInterval.setStartTimeStamp(start + s * 1000L);
            okInterval.setEndTimeStamp(start + (s + 1) * 1000L);
            long n = ok / seconds + (s < ok % seconds ? 1 : 0);
            for (long i = 0; i < n; i++) {
                double tail = -Math.log(1 - random.nextDouble()) * (meanMs - criticalPathMs + 1) * 0.8;
                double valueMs = criticalPathMs + 0.2 * (meanMs - criticalPathMs) + tail;
                okInterval.recordValue(Math.round(valueMs * 1000));
            }
            intervals.add(okInterval);
            if (ko > 0) {
                Histogram koInterval = HistogramLogs.empty();
                koInterval.setTag(HistogramLogs.KO);
                koInterval.setStartTimeStamp(start + s * 1000L);
                koInterval.setEndTimeStamp(start + (s + 1) * 1000L);
                koInterval.recordValueWithCount(5_000, ko / seconds + (s < ko % seconds ? 1 : 0));
                intervals.add(koInterval);
            }
        }
        Path log = dir.resolve("histograms").resolve(pointId + ".hlog");
        HistogramLogs.write(intervals, log, "synthetic");
        Histogram total = HistogramLogs.total(log, HistogramLogs.OK);
        String report = "points/" + pointId + "/gatling/index.html";
        try {
            Files.createDirectories(dir.resolve(report).getParent());
            Files.writeString(dir.resolve(report), "<html><body>Gatling report of " + pointId + "</body></html>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double measuredThroughput = Math.round(ok / measureSeconds * 100) / 100.0;
        Summary.Cpu cpu = embedded ? new Summary.Cpu(cpuFor(variant), 60.0 + random.nextDouble() * 3, 30.0)
                : new Summary.Cpu(null, null, null);
        return new Summary.Point(pointId, variant, model, users, rate, repeat, "complete",
                new Summary.Window(start, start + seconds * 1000L, measureSeconds),
                new Summary.Requests(ok, ko, ko > 0 ? Map.of("status 503", ko) : Map.of()), measuredThroughput,
                HistogramLogs.latencyMs(total),
                new Summary.Bound(criticalPathMs, little, poolRps, Math.round(measuredThroughput / little * 1e4) / 1e4),
                cpu, embedded ? 180.5 : null, 1, "histograms/" + pointId + ".hlog", List.of(report));
    }

    private double cpuFor(String variant) {
        return switch (variant) {
            case "blocking" -> 140.0;
            case "virtual" -> 110.0;
            case "async" -> asyncCpu;
            default -> 100.0;
        };
    }
}
