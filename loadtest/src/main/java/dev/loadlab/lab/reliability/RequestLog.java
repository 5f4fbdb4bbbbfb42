package dev.loadlab.lab.reliability;

import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.results.HistogramLogs;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.simulations.EpisodeSimulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * Every request of an episode as the simulation logged it ({@code requests.csv}), with the counting the checks
 * and the report need: by cause, by time bucket, and response-time percentiles.
 */
final class RequestLog {

    /**
     * One request. {@code stage} is the stage whose population injected it; {@code status} 0 = no HTTP response;
     * {@code cause} {@code ok}, {@code status N}, {@code timeout} (the client gave up) or {@code connection}.
     */
    record Request(long sentAtMs, String variant, String stage, int status, long responseMs, String cause) {

        boolean ok() {
            return "ok".equals(cause);
        }
    }

    private final List<Request> requests;

    RequestLog(List<Request> requests) {
        this.requests = List.copyOf(requests);
    }

    static RequestLog read(Path csv) {
        try {
            List<String> lines = Files.readAllLines(csv);
            if (lines.isEmpty() || !lines.getFirst().equals(EpisodeSimulation.REQUEST_LOG_HEADER)) {
                throw new LabException(csv + " is not a request log (header " + EpisodeSimulation.REQUEST_LOG_HEADER + ")");
            }
            List<Request> requests = new ArrayList<>(lines.size());
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", 6);
                requests.add(new Request(Long.parseLong(f[0]), f[1], f[2], Integer.parseInt(f[3]), Long.parseLong(f[4]),
                        f[5]));
            }
            requests.sort((a, b) -> Long.compare(a.sentAtMs(), b.sentAtMs()));
            return new RequestLog(requests);
        } catch (IOException e) {
            throw new LabException("the episode wrote no request log at " + csv + " (" + e.getMessage() + ")", e);
        }
    }

    /** This log and more requests, in order of sending. */
    RequestLog with(List<Request> more) {
        List<Request> merged = new ArrayList<>(requests);
        merged.addAll(more);
        merged.sort((a, b) -> Long.compare(a.sentAtMs(), b.sentAtMs()));
        return new RequestLog(merged);
    }

    List<Request> all() {
        return requests;
    }

    /** Requests sent in [fromMs, untilMs) (epoch ms). */
    RequestLog sentBetween(long fromMs, long untilMs) {
        return filter(r -> r.sentAtMs() >= fromMs && r.sentAtMs() < untilMs);
    }

    /** The requests one stage injected. */
    RequestLog ofStage(String stage) {
        return filter(r -> r.stage().equals(stage));
    }

    /** The send time of the last request, if any. */
    java.util.OptionalLong lastSentAt() {
        return requests.stream().mapToLong(Request::sentAtMs).max();
    }

    RequestLog filter(Predicate<Request> which) {
        return new RequestLog(requests.stream().filter(which).toList());
    }

    long count() {
        return requests.size();
    }

    long ok() {
        return requests.stream().filter(Request::ok).count();
    }

    /** Failed requests by cause, e.g. {@code status 502 -> 12}. */
    Map<String, Long> koByCause() {
        Map<String, Long> causes = new TreeMap<>();
        requests.stream().filter(r -> !r.ok()).forEach(r -> causes.merge(r.cause(), 1L, Long::sum));
        return causes;
    }

    long withCause(String cause) {
        return requests.stream().filter(r -> r.cause().equals(cause)).count();
    }

    /** The latest send time of a failed request, or empty. */
    java.util.OptionalLong lastFailureSentAt() {
        return requests.stream().filter(r -> !r.ok()).mapToLong(Request::sentAtMs).max();
    }

    ReliabilityResult.Latency latency(Predicate<Request> which) {
        Histogram h = HistogramLogs.empty();
        requests.stream().filter(which).forEach(r -> h.recordValue(Math.min(Math.max(r.responseMs(), 0) * 1000,
                h.getHighestTrackableValue())));
        if (h.getTotalCount() == 0) {
            return new ReliabilityResult.Latency(0, 0, 0, 0);
        }
        return new ReliabilityResult.Latency(h.getTotalCount(), HistogramLogs.percentileMs(h, 50),
                HistogramLogs.percentileMs(h, 99), h.lowestEquivalentValue(h.getMaxValue()) / 1000.0);
    }

    long maxResponseMs() {
        return requests.stream().mapToLong(Request::responseMs).max().orElse(0);
    }

    /** OK, failed and 503 requests per bucket of {@code bucketMs}, by send time from {@code zeroMs}, over {@code lengthMs}. */
    ReliabilityResult.Timeline timeline(long zeroMs, long lengthMs, int bucketMs) {
        int buckets = (int) Math.max(1, (lengthMs + bucketMs - 1) / bucketMs);
        long[] ok = new long[buckets];
        long[] errors = new long[buckets];
        long[] shed = new long[buckets];
        for (Request r : requests) {
            long offset = r.sentAtMs() - zeroMs;
            if (offset < 0 || offset >= (long) buckets * bucketMs) {
                continue;
            }
            int b = (int) (offset / bucketMs);
            if (r.ok()) {
                ok[b]++;
            } else {
                errors[b]++;
                if (r.status() == 503) {
                    shed[b]++;
                }
            }
        }
        return new ReliabilityResult.Timeline(bucketMs, boxed(ok), boxed(errors), boxed(shed));
    }

    private static List<Long> boxed(long[] values) {
        List<Long> list = new ArrayList<>(values.length);
        for (long v : values) {
            list.add(v);
        }
        return list;
    }
}
