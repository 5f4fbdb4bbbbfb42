package dev.loadlab.lab.run;

import dev.loadlab.lab.results.Summary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run needs, decided before it starts. Points are interleaved: for each repeat and level,
 * every variant in turn, so slow drift of a shared machine touches all variants alike.
 *
 * @param targets        variant name to base URL; empty = start the embedded {@code systems}
 * @param meanLatencyMs  each upstream API's mean latency (for the Little's-law bound)
 * @param systems        the embedded systems to start (stubs + service each) and the variants each serves;
 *                       empty with {@code targets}
 * @param pointOrder     the points in the order to run them (target URLs filled in once the systems are up);
 *                       empty = the interleaved sweep of every variant over every level and rate
 * @param loadgenJvmArgs extra options of every Gatling JVM ({@link GatlingPoint#loadGeneratorJvmArgs})
 * @param systemWarmupClients concurrent clients of the system warm-up per variant (compare: 32)
 */
public record ExperimentPlan(String name, Path resultsDir, String commandLine, List<String> variants,
                             Map<String, String> targets, List<Integer> concurrencyLevels,
                             List<Double> arrivalRatesRps, int repeats, int injectors, LoadSettings load,
                             String latencyProfile, Map<String, Double> meanLatencyMs, List<String> stubArgs,
                             int blockingPoolSize, int blockingQueueSize, Map<String, String> extraServiceConfig,
                             List<String> serviceJvmArgs, Duration systemWarmup, List<SystemSpec> systems,
                             List<PointSpec> pointOrder, List<String> loadgenJvmArgs,
                             int systemWarmupClients) {

    /** {@code compare}'s plan: one embedded service whose modes are the variants, or the {@code targets}. */
    public ExperimentPlan(String name, Path resultsDir, String commandLine, List<String> variants,
                          Map<String, String> targets, List<Integer> concurrencyLevels,
                          List<Double> arrivalRatesRps, int repeats, int injectors, LoadSettings load,
                          String latencyProfile, Map<String, Double> meanLatencyMs, List<String> stubArgs,
                          int blockingPoolSize, int blockingQueueSize, Map<String, String> extraServiceConfig,
                          List<String> serviceJvmArgs, Duration systemWarmup) {
        this(name, resultsDir, commandLine, variants, targets, concurrencyLevels, arrivalRatesRps, repeats,
                injectors, load, latencyProfile, meanLatencyMs, stubArgs, blockingPoolSize, blockingQueueSize,
                extraServiceConfig, serviceJvmArgs, systemWarmup,
                targets.isEmpty()
                        ? List.of(SystemSpec.modes("service",
                                serviceConfig(blockingPoolSize, blockingQueueSize, extraServiceConfig), variants))
                        : List.of(),
                List.of(), GatlingPoint.loadGeneratorJvmArgs("gatling-compare.jsa", injectors), SystemWarmUp.DEFAULT_CLIENTS);
    }

    public boolean embedded() {
        return targets.isEmpty();
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

    /** The embedded system that serves a variant; null with {@code targets}. */
    public SystemSpec systemOf(String variant) {
        return systems.stream().filter(s -> s.variantModes().containsKey(variant)).findFirst().orElse(null);
    }

    /** The service mode a variant requests; with {@code targets}, the variant's own name. */
    public String modeOf(String variant) {
        SystemSpec system = systemOf(variant);
        return system == null ? variant : system.variantModes().get(variant);
    }

    /** {@code compare}'s service config: the pool settings plus any {@code --service-config}. */
    public Map<String, String> serviceConfig() {
        return serviceConfig(blockingPoolSize, blockingQueueSize, extraServiceConfig);
    }

    private static Map<String, String> serviceConfig(int poolSize, int queueSize, Map<String, String> extra) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("blocking.pool-size", String.valueOf(poolSize));
        config.put("blocking.queue-size", String.valueOf(queueSize));
        config.putAll(extra);
        return config;
    }

    /** @param variantUrls each variant's base URL (null entries before the embedded systems are up) */
    public Summary.RunConfig config(Map<String, String> variantUrls) {
        Map<String, String> urls = new LinkedHashMap<>();
        variants.forEach(v -> urls.put(v, variantUrls.getOrDefault(v, targets.getOrDefault(v, null))));
        return new Summary.RunConfig(load.endpoint(), variants, urls, embedded(), latencyProfile, meanLatencyMs,
                embedded() ? blockingPoolSize : null, embedded() ? blockingQueueSize : null,
                concurrencyLevels, arrivalRatesRps, seconds(load.warmup()), seconds(load.measure()),
                seconds(load.requestTimeout()), repeats, injectors);
    }

    /** A first guess for the progress line before any point has finished. */
    public Duration estimatedPointDuration() {
        return load.warmup().plus(load.measure()).plusSeconds(5);
    }

    /**
     * Without a target's metrics the lab probes it between points until it answers as fast as a drained service
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
}
