package dev.loadlab.lab.run;

import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.scenario.Scenario;
import dev.loadlab.simulations.RequestMix;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a run needs, decided before it starts: a scenario, the requests and variants chosen from it, the load
 * levels and what to start. Points are interleaved: for each repeat and level, every variant in turn, so slow drift
 * of a shared machine touches all variants alike. Built with {@link #builder()}.
 *
 * @param scenario         what is measured: its upstreams, variants, requests and critical paths
 * @param scenarioFile     the scenario as the user named it (recorded in summary.json)
 * @param mix              the requests the points send
 * @param variants         the run's variants, in order (the gate's are {@code base-async}, {@code head-async}, ...)
 * @param scenarioVariants each run variant to the scenario variant it is (identity but in the gate)
 * @param targets          variant to the base URL of a service that already runs (not started by the lab)
 * @param upstreams        the fake upstreams, with each one's mean latency
 * @param systems          what the lab starts: fake upstreams, its service, the variants started by command
 * @param pointOrder       the points in the order to run them; empty = the interleaved sweep
 * @param loadgenJvmArgs   extra options of every Gatling JVM ({@link GatlingPoint#loadGeneratorJvmArgs})
 * @param systemWarmupClients concurrent clients of the system warm-up per variant (compare: 32)
 * @param evidence         JDK Flight Recorder evidence per point inside each JVM the lab starts (compare: on)
 */
public record ExperimentPlan(String name, Path resultsDir, String commandLine, Scenario scenario, String scenarioFile,
                             RequestMix mix, List<String> variants, Map<String, String> scenarioVariants,
                             Map<String, String> targets, List<Integer> concurrencyLevels,
                             List<Double> arrivalRatesRps, int repeats, int injectors, LoadSettings load,
                             FakeUpstreams upstreams, Integer blockingPoolSize, Integer blockingQueueSize,
                             List<String> serviceJvmArgs, Duration systemWarmup, List<SystemSpec> systems,
                             List<PointSpec> pointOrder, List<String> loadgenJvmArgs, int systemWarmupClients,
                             Evidence evidence) {

    /**
     * Whether each point records JFR evidence inside its variant's JVM, and whether the raw recording is kept.
     * Off unless a command asks (the gate's trials run without it until its pinning rule uses it).
     */
    public record Evidence(boolean record, boolean keepJfr) {
        public static final Evidence OFF = new Evidence(false, false);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the lab starts anything (else every variant is a running target). */
    public boolean embedded() {
        return !systems.isEmpty();
    }

    /** The points in run order, each with its variant's base URL. */
    public List<PointSpec> points(Map<String, String> variantUrls) {
        if (!pointOrder.isEmpty()) {
            return pointOrder.stream().map(p -> p.withTargetUrl(variantUrls.get(p.variant()))).toList();
        }
        List<PointSpec> points = new ArrayList<>();
        for (int repeat = 1; repeat <= repeats; repeat++) {
            for (int level : concurrencyLevels) {
                for (String variant : variants) {
                    points.add(PointSpec.closed(variant, level, repeat, variantUrls.get(variant)));
                }
            }
            for (double rate : arrivalRatesRps) {
                for (String variant : variants) {
                    points.add(PointSpec.open(variant, rate, repeat, variantUrls.get(variant)));
                }
            }
        }
        return points;
    }

    /** The embedded system that serves a variant; null for a target. */
    public SystemSpec systemOf(String variant) {
        return systems.stream().filter(s -> s.serves(variant)).findFirst().orElse(null);
    }

    /**
     * How long the system warm-up drives each variant. Every process the lab warms gets the same total, shared
     * among the variants it serves: the lab's service serves several modes in one JVM, a command variant is a
     * process of its own. Warming per variant instead left a gate's A JVM (async alone) with a third of the
     * warm-up of B's (blocking, virtual and async), and A's colder code made B's CPU per request look 25-36%
     * lower (docs/PERF-GATE.md).
     */
    public Map<String, Duration> systemWarmupByVariant() {
        Map<String, Long> sharingAProcess = new LinkedHashMap<>();
        for (String variant : variants) {
            SystemSpec system = systemOf(variant);
            boolean servedByTheService = system != null && system.variantModes().containsKey(variant);
            sharingAProcess.put(variant, servedByTheService
                    ? variants.stream().filter(system.variantModes()::containsKey).count() : 1);
        }
        long most = sharingAProcess.values().stream().mapToLong(Long::longValue).max().orElse(1);
        Map<String, Duration> byVariant = new LinkedHashMap<>();
        sharingAProcess.forEach((variant, sharing) -> byVariant.put(variant,
                systemWarmup.multipliedBy(most).dividedBy(sharing)));
        return byVariant;
    }

    /** The mode of the lab's service a variant requests; null when it is not one of them. */
    public String modeOf(String variant) {
        SystemSpec system = systemOf(variant);
        return system == null ? null : system.variantModes().get(variant);
    }

    /** The latency floor of a variant's requests: its critical paths over the upstreams' mean latencies. */
    public double floorMs(String variant) {
        return scenario.floorMs(scenarioVariants.getOrDefault(variant, variant), mix, upstreams.meanLatencyMs());
    }

    /**
     * The threads that bound a variant's throughput at pool / critical path: the lab's blocking mode's pool, or what a
     * scenario variant declares ({@code pool}); null when none does.
     */
    public Integer poolOf(String variant) {
        SystemSpec system = systemOf(variant);
        if (system != null && "blocking".equals(system.variantModes().get(variant))) {
            return system.blockingPoolSize();
        }
        Scenario.Variant declared = scenario.variants().get(scenarioVariants.getOrDefault(variant, variant));
        return declared == null ? null : declared.pool();
    }

    /** @param variantUrls each variant's base URL (null entries before the embedded systems are up) */
    public Summary.RunConfig config(Map<String, String> variantUrls) {
        Map<String, String> urls = new LinkedHashMap<>();
        Map<String, String> paths = new LinkedHashMap<>();
        variants.forEach(v -> {
            urls.put(v, variantUrls.getOrDefault(v, targets.getOrDefault(v, null)));
            paths.put(v, scenario.describePath(scenarioVariants.getOrDefault(v, v), mix));
        });
        return new Summary.RunConfig(load.endpoint(), variants, urls, embedded(), upstreams.profile(),
                upstreams.meanLatencyMs(), blockingPoolSize, blockingQueueSize, concurrencyLevels, arrivalRatesRps,
                seconds(load.warmup()), seconds(load.measure()), seconds(load.requestTimeout()), repeats, injectors)
                .withScenario(scenarioFile, paths);
    }

    /** A first guess for the progress line before any point has finished. */
    public Duration estimatedPointDuration() {
        return load.warmup().plus(load.measure()).plusSeconds(5);
    }

    /**
     * Without a variant's metrics the lab probes it between points until it answers as fast as a drained service
     * does ({@link TargetDrain}), for at most this long.
     */
    public Duration targetDrainTimeout() {
        return Duration.ofSeconds(30);
    }

    public int pointCount() {
        return pointOrder.isEmpty()
                ? repeats * variants.size() * (concurrencyLevels.size() + arrivalRatesRps.size())
                : pointOrder.size();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /** Builds a plan; the name, results folder, scenario, variants, levels and load are required. */
    public static final class Builder {
        private String name;
        private Path resultsDir;
        private String commandLine = "";
        private Scenario scenario;
        private String scenarioFile;
        private RequestMix mix;
        private List<String> variants;
        private Map<String, String> scenarioVariants = Map.of();
        private Map<String, String> targets = Map.of();
        private List<Integer> concurrencyLevels = List.of();
        private List<Double> arrivalRatesRps = List.of();
        private int repeats = 1;
        private int injectors = 1;
        private LoadSettings load;
        private FakeUpstreams upstreams;
        private Integer blockingPoolSize;
        private Integer blockingQueueSize;
        private List<String> serviceJvmArgs = List.of("-Xmx1g");
        private Duration systemWarmup = Duration.ZERO;
        private List<SystemSpec> systems = List.of();
        private List<PointSpec> pointOrder = List.of();
        private List<String> loadgenJvmArgs;
        private int systemWarmupClients = SystemWarmUp.DEFAULT_CLIENTS;
        private Evidence evidence = Evidence.OFF;

        private Builder() {
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder resultsDir(Path value) {
            resultsDir = value;
            return this;
        }

        public Builder commandLine(String value) {
            commandLine = value;
            return this;
        }

        /** @param file the scenario file as the user named it */
        public Builder scenario(Scenario value, String file) {
            scenario = value;
            scenarioFile = file;
            return this;
        }

        public Builder mix(RequestMix value) {
            mix = value;
            return this;
        }

        public Builder variants(List<String> value) {
            variants = List.copyOf(value);
            return this;
        }

        public Builder scenarioVariants(Map<String, String> value) {
            scenarioVariants = Map.copyOf(value);
            return this;
        }

        public Builder targets(Map<String, String> value) {
            targets = new LinkedHashMap<>(value);
            return this;
        }

        public Builder levels(List<Integer> value) {
            concurrencyLevels = List.copyOf(value);
            return this;
        }

        public Builder rates(List<Double> value) {
            arrivalRatesRps = List.copyOf(value);
            return this;
        }

        public Builder repeats(int value) {
            repeats = value;
            return this;
        }

        public Builder injectors(int value) {
            injectors = value;
            return this;
        }

        public Builder load(LoadSettings value) {
            load = value;
            return this;
        }

        public Builder upstreams(FakeUpstreams value) {
            upstreams = value;
            return this;
        }

        /** The blocking pool of the lab's service, as recorded in the summary. */
        public Builder blockingPool(Integer size, Integer queueSize) {
            blockingPoolSize = size;
            blockingQueueSize = queueSize;
            return this;
        }

        public Builder serviceJvmArgs(List<String> value) {
            serviceJvmArgs = List.copyOf(value);
            return this;
        }

        public Builder systemWarmup(Duration value, int clients) {
            systemWarmup = value;
            systemWarmupClients = clients;
            return this;
        }

        public Builder systems(List<SystemSpec> value) {
            systems = List.copyOf(value);
            return this;
        }

        public Builder pointOrder(List<PointSpec> value) {
            pointOrder = List.copyOf(value);
            return this;
        }

        public Builder evidence(Evidence value) {
            evidence = Objects.requireNonNull(value);
            return this;
        }

        public Builder loadgenJvmArgs(List<String> value) {
            loadgenJvmArgs = List.copyOf(value);
            return this;
        }

        public ExperimentPlan build() {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(load, "load");
            return new ExperimentPlan(Objects.requireNonNull(name, "name"), Objects.requireNonNull(resultsDir,
                    "resultsDir"), commandLine, scenario, scenarioFile, mix != null ? mix : scenario.requests(),
                    Objects.requireNonNull(variants, "variants"), scenarioVariants, targets, concurrencyLevels,
                    arrivalRatesRps, repeats, injectors, load,
                    upstreams != null ? upstreams : FakeUpstreams.of(scenario.upstreams()), blockingPoolSize,
                    blockingQueueSize, serviceJvmArgs, systemWarmup, systems, pointOrder,
                    loadgenJvmArgs != null ? loadgenJvmArgs
                            : GatlingPoint.loadGeneratorJvmArgs("gatling-compare.jsa", injectors),
                    systemWarmupClients, evidence);
        }
    }
}
