package dev.loadlab.lab.results;

import dev.loadlab.simulations.PointRecording;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Turns the recordings of one point (one per injector) into a {@link Summary.Point}: counts add up,
 * percentiles come from the merged histogram, the bound from the critical-path latency.
 */
public final class PointAssembler {

    private PointAssembler() {
    }

    /**
     * @param pointId         the point's id in the run
     * @param criticalPathMs  mean upstream latency on the variant's critical path for the endpoint
     * @param poolSize        the blocking pool size for the blocking variant, else null
     * @param mergedHistogram where the point's (merged) histogram log is written
     * @param runDir          the run folder, for the relative paths in the summary
     */
    public static Summary.Point assemble(String pointId, String variant, int repeat, List<PointResult> injectors,
                                         double criticalPathMs, Integer poolSize, Path mergedHistogram,
                                         Path runDir) {
        PointRecording first = injectors.getFirst().recording();
        List<PointRecording> recordings = injectors.stream().map(PointResult::recording).toList();
        HistogramLogs.merge(injectors.stream().map(PointResult::histogramFile).toList(), mergedHistogram);
        Histogram ok = HistogramLogs.total(mergedHistogram, HistogramLogs.OK);

        long okCount = recordings.stream().mapToLong(PointRecording::ok).sum();
        long koCount = recordings.stream().mapToLong(PointRecording::ko).sum();
        if (ok.getTotalCount() != okCount) {
            throw new IllegalStateException("point " + pointId + ": histogram holds " + ok.getTotalCount()
                    + " OK requests but the recording counted " + okCount);
        }
        Map<String, Long> koByCause = new TreeMap<>();
        recordings.forEach(r -> r.koByCause().forEach((cause, n) -> koByCause.merge(cause, n, Long::sum)));

        long windowStart = recordings.stream().mapToLong(PointRecording::windowStartEpochMs).min().orElseThrow();
        long windowEnd = recordings.stream().mapToLong(PointRecording::windowEndEpochMs).max().orElseThrow();
        double measureSeconds = first.measureSeconds();
        double throughput = okCount / measureSeconds;

        boolean closed = Summary.Point.CLOSED.equals(first.model());
        Integer concurrency = closed ? recordings.stream().mapToInt(PointRecording::concurrency).sum() : null;
        Double rate = closed ? null : recordings.stream().mapToDouble(PointRecording::rateRps).sum();
        double criticalPathSeconds = criticalPathMs / 1000.0;
        double little = closed ? concurrency / criticalPathSeconds : rate;
        Double poolRps = poolSize == null ? null : poolSize / criticalPathSeconds;
        Summary.Bound bound = new Summary.Bound(criticalPathMs, round(little), poolRps == null ? null : round(poolRps),
                round(throughput / little, 4));

        long requests = okCount + koCount;
        // The service and stub are the same processes seen by every injector: one reading, the first injector's.
        Summary.Cpu cpu = new Summary.Cpu(
                usPerRequest(first.cpuNanos().service(), requests),
                usPerRequest(first.cpuNanos().stub(), requests),
                usPerRequest(loadgenNanos(recordings), requests),
                usPerRequest(first.cpuNanos().serviceJit(), requests));
        Double rssMb = recordings.stream().map(PointRecording::serviceRssKb).filter(v -> v != null)
                .findFirst().map(kb -> round(kb / 1024.0)).orElse(null);

        List<String> reports = new ArrayList<>();
        injectors.forEach(r -> reports.add(relative(runDir, r.gatlingReport())));
        return new Summary.Point(pointId, variant, first.model(), concurrency, rate, repeat, Summary.Point.COMPLETE,
                new Summary.Window(windowStart, windowEnd, measureSeconds),
                new Summary.Requests(okCount, koCount, koByCause), round(throughput),
                HistogramLogs.latencyMs(ok), bound, cpu, rssMb, injectors.size(),
                relative(runDir, mergedHistogram), reports, null,
                injectors.size() > 1 ? perInjector(injectors, runDir) : null);
    }

    /** Each injector's own share, counts and CPU (listed when a point has several), numbered from 1. */
    public static List<Summary.Injector> perInjector(List<PointResult> injectors, Path runDir) {
        List<Summary.Injector> details = new ArrayList<>();
        for (int i = 0; i < injectors.size(); i++) {
            details.add(injector(i + 1, injectors.get(i), runDir));
        }
        return details;
    }

    /** One injector's line: its share of the load, its counts, its CPU per request and in cores. */
    public static Summary.Injector injector(int index, PointResult result, Path runDir) {
        PointRecording r = result.recording();
        Long loadgenNanos = r.cpuNanos().loadgen();
        long requests = r.ok() + r.ko();
        return new Summary.Injector(index, Summary.Point.COMPLETE, null, r.concurrency(), r.rateRps(), r.ok(),
                r.ko(), round(r.ok() / r.measureSeconds()), r.windowStartEpochMs(),
                usPerRequest(loadgenNanos, requests),
                loadgenNanos == null ? null : round(loadgenNanos / 1e9 / r.measureSeconds(), 3),
                result.gatlingReport() == null ? null : relative(runDir, result.gatlingReport()));
    }

    /** The load generators' CPU adds up; null when one injector's is missing. */
    private static Long loadgenNanos(List<PointRecording> recordings) {
        long total = 0;
        for (PointRecording r : recordings) {
            Long nanos = r.cpuNanos().loadgen();
            if (nanos == null) {
                return null;
            }
            total += nanos;
        }
        return total;
    }

    private static Double usPerRequest(Long nanos, long requests) {
        return nanos == null || requests == 0 ? null : round(nanos / 1000.0 / requests);
    }

    static String relative(Path runDir, Path file) {
        return runDir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString();
    }

    static double round(double value) {
        return round(value, 2);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
