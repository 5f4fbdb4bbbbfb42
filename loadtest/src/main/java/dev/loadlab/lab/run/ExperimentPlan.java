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
 * @param targets        variant name to base URL; empty = start the embedded service and use its modes
 * @param meanLatencyMs  each upstream API's mean latency (for the Little's-law bound)
 */
public record ExperimentPlan(String name, Path resultsDir, String commandLine, List<String> variants,
                             Map<String, String> targets, List<Integer> concurrencyLevels,
                             List<Double> arrivalRatesRps, int repeats, int injectors, LoadSettings load,
                             String latencyProfile, Map<String, Double> meanLatencyMs, List<String> stubArgs,
                             int blockingPoolSize, int blockingQueueSize, Map<String, String> extraServiceConfig,
                             List<String> serviceJvmArgs, Duration systemWarmup) {

    public boolean embedded() {
        return targets.isEmpty();
    }

    public List<PointSpec> points(EmbeddedSystem system) {
        List<PointSpec> points = new ArrayList<>();
        for (int repeat = 1; repeat <= repeats; repeat++) {
            for (int level : concurrencyLevels) {
                for (String variant : variants) {
                    points.add(PointSpec.closed(variant, level, repeat, urlOf(variant, system)));
                }
            }
            for (double rate : arrivalRatesRps) {
                for (String variant : variants) {
                    points.add(PointSpec.open(variant, rate, repeat, urlOf(variant, system)));
                }
            }
        }
        return points;
    }

    private String urlOf(String variant, EmbeddedSystem system) {
        return system != null ? system.variantUrl(variant) : targets.get(variant);
    }

    public Map<String, String> serviceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("blocking.pool-size", String.valueOf(blockingPoolSize));
        config.put("blocking.queue-size", String.valueOf(blockingQueueSize));
        config.putAll(extraServiceConfig);
        return config;
    }

    public Summary.RunConfig config(EmbeddedSystem system) {
        Map<String, String> urls = new LinkedHashMap<>();
        variants.forEach(v -> urls.put(v, system != null ? system.variantUrl(v) : targets.getOrDefault(v, null)));
        return new Summary.RunConfig(load.endpoint(), variants, urls, embedded(), latencyProfile, meanLatencyMs,
                embedded() ? blockingPoolSize : null, embedded() ? blockingQueueSize : null,
                concurrencyLevels, arrivalRatesRps, seconds(load.warmup()), seconds(load.measure()),
                seconds(load.requestTimeout()), repeats, injectors);
    }

    /** A first guess for the progress line before any point has finished. */
    public Duration estimatedPointDuration() {
        return load.warmup().plus(load.measure()).plusSeconds(5);
    }

    /** Without the embedded service's metrics, the lab waits this long between points for backlogs to clear. */
    public Duration settleBetweenTargetPoints() {
        return Duration.ofSeconds(2);
    }

    public int pointCount() {
        return repeats * variants.size() * (concurrencyLevels.size() + arrivalRatesRps.size());
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
