package dev.loadlab.lab.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable result of one run: {@code summary.json}. Documented field by field in
 * results/README.md; reports, diffs and the gate read this and the histogram logs, nothing else.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Summary(int schemaVersion, RunInfo run, RunConfig config, List<Point> points)
        implements RunRecord<Summary> {

    public static final int SCHEMA_VERSION = 1;

    @Override
    public Summary withRun(RunInfo newRun) {
        return new Summary(schemaVersion, newRun, config, points);
    }

    public Summary withConfig(RunConfig newConfig) {
        return new Summary(schemaVersion, run, newConfig, points);
    }

    public Summary withPoints(List<Point> newPoints) {
        return new Summary(schemaVersion, run, config, newPoints);
    }

    public record RunInfo(String id, String name, String status, String reason, String startedAt, String endedAt,
                          String gitCommit, String command, Environment environment) {

        public static final String COMPLETE = "complete";
        public static final String INCOMPLETE = "incomplete";

        public RunInfo ended(String newStatus, String newReason, String endedAtIso) {
            return new RunInfo(id, name, newStatus, newReason, startedAt, endedAtIso, gitCommit, command, environment);
        }
    }

    public record Environment(String jdk, String jdkVendor, String os, int cores, long memoryMb,
                              Map<String, String> versions) {
    }

    /**
     * What was run. {@code upstreamLatencyMs} holds each API's mean latency under {@code latencyProfile};
     * {@code targets} maps each variant to the base URL its requests went to. {@code scenario} is the scenario file
     * run (absent in runs older than scenarios: the built-in one), {@code criticalPaths} each variant's critical
     * path as the bound was computed from it, e.g. {@code max(pricing, inventory) + shipping}.
     */
    public record RunConfig(String endpoint, List<String> variants, Map<String, String> targets, boolean embedded,
                            String latencyProfile, Map<String, Double> upstreamLatencyMs,
                            Integer blockingPoolSize, Integer blockingQueueSize,
                            List<Integer> concurrencyLevels, List<Double> arrivalRatesRps,
                            double warmupSeconds, double measureSeconds, double requestTimeoutSeconds,
                            int repeats, int injectors,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Integer serviceReplicas,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String scenario,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> criticalPaths) {

        public RunConfig(String endpoint, List<String> variants, Map<String, String> targets, boolean embedded,
                         String latencyProfile, Map<String, Double> upstreamLatencyMs,
                         Integer blockingPoolSize, Integer blockingQueueSize,
                         List<Integer> concurrencyLevels, List<Double> arrivalRatesRps,
                         double warmupSeconds, double measureSeconds, double requestTimeoutSeconds,
                         int repeats, int injectors, Integer serviceReplicas) {
            this(endpoint, variants, targets, embedded, latencyProfile, upstreamLatencyMs, blockingPoolSize,
                    blockingQueueSize, concurrencyLevels, arrivalRatesRps, warmupSeconds, measureSeconds,
                    requestTimeoutSeconds, repeats, injectors, serviceReplicas, null, null);
        }

        /** Without {@code serviceReplicas}: one service process, or not recorded. */
        public RunConfig(String endpoint, List<String> variants, Map<String, String> targets, boolean embedded,
                         String latencyProfile, Map<String, Double> upstreamLatencyMs,
                         Integer blockingPoolSize, Integer blockingQueueSize,
                         List<Integer> concurrencyLevels, List<Double> arrivalRatesRps,
                         double warmupSeconds, double measureSeconds, double requestTimeoutSeconds,
                         int repeats, int injectors) {
            this(endpoint, variants, targets, embedded, latencyProfile, upstreamLatencyMs, blockingPoolSize,
                    blockingQueueSize, concurrencyLevels, arrivalRatesRps, warmupSeconds, measureSeconds,
                    requestTimeoutSeconds, repeats, injectors, null, null, null);
        }

        /** The same with the scenario run and each variant's critical path. */
        public RunConfig withScenario(String scenarioFile, Map<String, String> paths) {
            return new RunConfig(endpoint, variants, targets, embedded, latencyProfile, upstreamLatencyMs,
                    blockingPoolSize, blockingQueueSize, concurrencyLevels, arrivalRatesRps, warmupSeconds,
                    measureSeconds, requestTimeoutSeconds, repeats, injectors, serviceReplicas, scenarioFile, paths);
        }

        /** Replicas of the service behind the targets (several behind a Kubernetes Service); 1 when not recorded. */
        public int replicas() {
            return serviceReplicas == null || serviceReplicas < 1 ? 1 : serviceReplicas;
        }
    }

    /** One variant at one load level (one repeat). */
    public record Point(String id, String variant, String model, Integer concurrency, Double rateRps, int repeat,
                        String status, Window window, Requests requests, double throughputRps,
                        LatencyMs latencyMs, Bound bound, Cpu cpu, Double serviceRssMb, int injectors,
                        String histogram, List<String> gatlingReports,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<Injector> perInjector,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Drain drain,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Profile profile) {

        public static final String CLOSED = "closed";
        public static final String OPEN = "open";
        public static final String COMPLETE = "complete";
        public static final String INCOMPLETE = "incomplete";

        /** Without {@code reason} and {@code perInjector} (points written before they existed). */
        public Point(String id, String variant, String model, Integer concurrency, Double rateRps, int repeat,
                     String status, Window window, Requests requests, double throughputRps,
                     LatencyMs latencyMs, Bound bound, Cpu cpu, Double serviceRssMb, int injectors,
                     String histogram, List<String> gatlingReports) {
            this(id, variant, model, concurrency, rateRps, repeat, status, window, requests, throughputRps,
                    latencyMs, bound, cpu, serviceRssMb, injectors, histogram, gatlingReports, null, null, null);
        }

        /** Without {@code drain} (points written before it existed, and points of merged injector folders). */
        public Point(String id, String variant, String model, Integer concurrency, Double rateRps, int repeat,
                     String status, Window window, Requests requests, double throughputRps,
                     LatencyMs latencyMs, Bound bound, Cpu cpu, Double serviceRssMb, int injectors,
                     String histogram, List<String> gatlingReports, String reason, List<Injector> perInjector) {
            this(id, variant, model, concurrency, rateRps, repeat, status, window, requests, throughputRps,
                    latencyMs, bound, cpu, serviceRssMb, injectors, histogram, gatlingReports, reason, perInjector,
                    null);
        }

        /** Without {@code profile} (points written before it existed, and points of runs without evidence). */
        public Point(String id, String variant, String model, Integer concurrency, Double rateRps, int repeat,
                     String status, Window window, Requests requests, double throughputRps,
                     LatencyMs latencyMs, Bound bound, Cpu cpu, Double serviceRssMb, int injectors,
                     String histogram, List<String> gatlingReports, String reason, List<Injector> perInjector,
                     Drain drain) {
            this(id, variant, model, concurrency, rateRps, repeat, status, window, requests, throughputRps,
                    latencyMs, bound, cpu, serviceRssMb, injectors, histogram, gatlingReports, reason, perInjector,
                    drain, null);
        }

        /** The same point with the drain that came before it. */
        public Point withDrain(Drain before) {
            return new Point(id, variant, model, concurrency, rateRps, repeat, status, window, requests,
                    throughputRps, latencyMs, bound, cpu, serviceRssMb, injectors, histogram, gatlingReports, reason,
                    perInjector, before, profile);
        }

        /** The same point with the evidence recorded inside its variant's JVM (or why there is none). */
        public Point withProfile(Profile evidence) {
            return new Point(id, variant, model, concurrency, rateRps, repeat, status, window, requests,
                    throughputRps, latencyMs, bound, cpu, serviceRssMb, injectors, histogram, gatlingReports, reason,
                    perInjector, drain, evidence);
        }

        /** False for a point some of whose injectors are missing or failed: its numbers cover only part of the load. */
        public boolean complete() {
            return status == null || COMPLETE.equals(status);
        }

        /** The same point marked incomplete, with why. */
        public Point incomplete(String why, List<Injector> injectorDetails) {
            return new Point(id, variant, model, concurrency, rateRps, repeat, INCOMPLETE, window, requests,
                    throughputRps, latencyMs, bound, cpu, serviceRssMb, injectors, histogram, gatlingReports, why,
                    injectorDetails, drain, profile);
        }

        /** Concurrency for closed points, offered rate for open ones: the x axis of a sweep. */
        public double level() {
            return CLOSED.equals(model) ? concurrency : rateRps;
        }
    }

    public record Window(long startEpochMs, long endEpochMs, double measureSeconds) {
    }

    /**
     * JDK Flight Recorder evidence from inside the variant's JVM over the measured window, or why there is none.
     * {@code dir} holds {@code flame.html} and {@code jfr-summary.json} (the whole summary; the fields here are what
     * the report and diff show): {@code cpuByLayer} shares adding up to 1 (keys of {@code Layers.Layer}),
     * {@code pinnedEvents} ({@code jdk.VirtualThreadPinned}) with the first frames of the most frequent pinned
     * stack, {@code poolSocketReadShare} the blocking pool threads' time in socket reads. {@code reason}: set when
     * there is no evidence ("no evidence: ..."); the point itself is measured all the same.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Profile(String dir, String flame, String summary, Long cpuSamples, Map<String, Double> cpuByLayer,
                          Long pinnedEvents, List<String> topPinnedStack, Double poolSocketReadShare, String reason) {

        public static Profile none(String reason) {
            return new Profile(null, null, null, null, null, null, null, null,
                    reason.startsWith("no evidence") ? reason : "no evidence: " + reason);
        }

        public boolean recorded() {
            return cpuByLayer != null;
        }
    }

    /**
     * How the lab waited, before a point, for the previous point's backlog to clear. {@code metrics}: the embedded
     * service reported nothing in flight and an empty blocking queue. {@code probe} (a --target service, whose
     * metrics the lab cannot read): the request a point sends first was answered with a 2xx within
     * {@code answerLimitMs} (the upstream latency floor plus a margin). A drain that {@code timedOut} gave up after
     * {@code durationMs}: that point may carry the previous one's backlog.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Drain(String method, long durationMs, boolean timedOut, Double answerLimitMs) {

        public static final String METRICS = "metrics";
        public static final String PROBE = "probe";
    }

    public record Requests(long ok, long ko, Map<String, Long> koByCause) {

        public long total() {
            return ok + ko;
        }
    }

    /** Response times of the OK requests, in milliseconds. */
    public record LatencyMs(double min, double p50, double p90, double p95, double p99, double p999, double max,
                            double mean) {
    }

    /**
     * The theoretical ceiling. {@code littleRps} = concurrency / critical-path latency for closed points
     * (the offered rate for open ones); {@code poolRps} = pool size / critical-path latency, blocking only.
     */
    public record Bound(double criticalPathMs, double littleRps, Double poolRps, double efficiency) {
    }

    /**
     * CPU time over the measured window divided by the requests of the window; null where not measured.
     * {@code serviceJitUsPerRequest} is the part of {@code serviceUsPerRequest} the service's JIT compiler threads
     * spent: compilation comes in bursts while code warms up, and the gate judges CPU without it.
     */
    public record Cpu(Double serviceUsPerRequest, Double stubUsPerRequest, Double loadgenUsPerRequest,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Double serviceJitUsPerRequest) {

        /** Without the JIT's part (runs before it was measured, and processes it is not read for). */
        public Cpu(Double serviceUsPerRequest, Double stubUsPerRequest, Double loadgenUsPerRequest) {
            this(serviceUsPerRequest, stubUsPerRequest, loadgenUsPerRequest, null);
        }

        /** The service's CPU per request without JIT compilation, where that part is known; else all of it. */
        public Double serviceWithoutJitUsPerRequest() {
            return serviceUsPerRequest == null || serviceJitUsPerRequest == null ? serviceUsPerRequest
                    : serviceUsPerRequest - serviceJitUsPerRequest;
        }
    }

    /**
     * One load generator's part of a point. {@code index} counts from 1 (folder {@code injector-<index>});
     * {@code loadgenUsPerRequest} is its own CPU time over the window divided by its own requests, and
     * {@code loadgenCores} that CPU time divided by the window (how many cores it kept busy). A missing or
     * failed injector has status {@code missing} or {@code failed}, a reason and no numbers.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Injector(int index, String status, String reason, Integer concurrency, Double rateRps,
                           Long ok, Long ko, Double throughputRps, Long windowStartEpochMs,
                           Double loadgenUsPerRequest, Double loadgenCores, String gatlingReport) {

        public static final String MISSING = "missing";
        public static final String FAILED = "failed";

        public static Injector notMeasured(int index, String status, String reason) {
            return new Injector(index, status, reason, null, null, null, null, null, null, null, null, null);
        }
    }
}
