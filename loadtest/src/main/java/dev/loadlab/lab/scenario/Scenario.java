package dev.loadlab.lab.scenario;

import dev.loadlab.simulations.RequestMix;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scenario, checked and resolved (paths absolute, profiles and critical paths parsed): the system under test,
 * its fake upstreams, the requests and the defaults every command that runs it starts from.
 *
 * @param file          where it was read from (its folder is what relative paths are resolved against)
 * @param upstreams     name to fake upstream, in file order
 * @param variants      name to variant, in file order
 * @param requests      the load, feeders resolved
 * @param criticalPaths request name to its critical path (sent requests only)
 * @param variantPaths  variant name to its own critical path per request, where it differs
 * @param gateRules     the gate's rules for it (absolute); null = the lab's gate/rules.yaml
 * @param upstreamFailures what the service answers when an upstream call fails
 */
public record Scenario(Path file, String name, String description, Map<String, Upstream> upstreams,
                       Map<String, Variant> variants, RequestMix requests, Map<String, CriticalPath> criticalPaths,
                       Map<String, Map<String, CriticalPath>> variantPaths, Defaults defaults, Path gateRules,
                       UpstreamFailures upstreamFailures) {

    /**
     * What the service answers when an upstream call fails: {@code ./lab resilience} expects one such answer per
     * fault it injects.
     *
     * @param status        to an upstream error, a reset or a garbled body
     * @param timeoutStatus when an upstream does not answer within {@code timeout}
     * @param timeout       the service's own upstream timeout; null = not declared
     */
    public record UpstreamFailures(int status, int timeoutStatus, Duration timeout) {
        public static final UpstreamFailures DEFAULT = new UpstreamFailures(502, 504, null);
    }

    public static final List<String> BUILTIN_MODES = List.of("blocking", "virtual", "async", "eventloop");
    public static final List<String> BUILTIN_UPSTREAMS = List.of("location", "sun", "weather");

    /**
     * A fake upstream.
     *
     * @param builtin     location, sun or weather; null for a mapping folder
     * @param mappingsDir the WireMock mapping folder (absolute); null for a built-in
     * @param faults      fault kind to share of requests
     */
    public record Upstream(String name, String builtin, Path mappingsDir, Latency latency, Map<String, Double> faults) {
        public boolean isBuiltin() {
            return builtin != null;
        }
    }

    /**
     * A latency profile, resolved.
     *
     * @param profile   fixed, lognormal, uniform, empirical or seed
     * @param samplesMs the empirical profile's latencies
     */
    public record Latency(String profile, double ms, double sigma, double spreadMs, List<Double> samplesMs) {
        public static final double DEFAULT_MS = 100;
        public static final double DEFAULT_SIGMA = 0.1;
        public static final double DEFAULT_SPREAD_MS = 20;

        public Latency withMs(double newMs) {
            return new Latency(profile, newMs, sigma, spreadMs, samplesMs);
        }
    }

    /**
     * A variant: the lab's own service in a mode, a running URL, or a command the lab starts.
     *
     * @param workingDir absolute; null for builtin and url
     * @param ready      null for builtin and url
     * @param pool       threads that each hold a request while it waits; null = not bounded that way (or unknown)
     */
    public record Variant(String name, String builtin, String url, List<String> command, boolean shell,
                          Path workingDir, Map<String, String> env, String baseUrl, Ready ready, Integer pool) {

        public boolean isBuiltin() {
            return builtin != null;
        }

        public boolean isRunning() {
            return url != null;
        }

        public boolean isCommand() {
            return command != null;
        }

        /** The same variant started from another checkout: {@code --base-build} in the gate. */
        public Variant rebasedTo(Path fromRoot, Path toRoot) {
            if (workingDir == null || !workingDir.startsWith(fromRoot)) {
                return this;
            }
            return new Variant(name, builtin, url, command, shell, toRoot.resolve(fromRoot.relativize(workingDir)),
                    env, baseUrl, ready, pool);
        }

        /** The same variant with more environment, e.g. the gate's {@code --env} for B. */
        public Variant withEnv(Map<String, String> extra) {
            Map<String, String> merged = new LinkedHashMap<>(env);
            merged.putAll(extra);
            return new Variant(name, builtin, url, command, shell, workingDir, merged, baseUrl, ready, pool);
        }
    }

    /** @param httpPath a path or URL template answering 2xx when ready; @param logPattern or a line of output */
    public record Ready(String httpPath, String logPattern, Duration timeout) {
    }

    /** Levels, rates and durations; the command line overrides each. {@code quick} holds {@code --quick}'s. */
    public record Defaults(List<Integer> levels, List<String> rates, Duration warmup, Duration measure, int repeats,
                           Duration systemWarmup, Duration requestTimeout, Optional<Defaults> quick) {

        /** {@code --quick}'s values where given, else the normal ones. */
        public Defaults quickOrSelf() {
            return quick.orElse(this);
        }
    }

    /** The critical path of one request on one variant: the variant's own, else the request's. */
    public CriticalPath criticalPath(String variant, String request) {
        CriticalPath own = variantPaths.getOrDefault(variant, Map.of()).get(request);
        return own != null ? own : criticalPaths.get(request);
    }

    /** The latency floor of a variant under a mix: each sent request's floor, weighted by its share. */
    public double floorMs(String variant, RequestMix mix, Map<String, Double> meanLatencyMs) {
        double floor = 0;
        for (Map.Entry<String, Double> share : mix.shares().entrySet()) {
            floor += share.getValue() * criticalPath(variant, share.getKey()).ms(meanLatencyMs);
        }
        return floor;
    }

    /** e.g. {@code max(pricing, inventory) + shipping}, or one per request for a mix. */
    public String describePath(String variant, RequestMix mix) {
        List<String> parts = new ArrayList<>();
        Map<String, Double> shares = mix.shares();
        shares.forEach((request, share) -> parts.add((shares.size() > 1 ? request + ": " : "")
                + criticalPath(variant, request).describe()));
        return String.join("; ", parts);
    }

    public List<String> variantNames() {
        return List.copyOf(variants.keySet());
    }

    public Path dir() {
        return file.getParent();
    }
}
