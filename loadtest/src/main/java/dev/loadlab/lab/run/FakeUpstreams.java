package dev.loadlab.lab.run;

import dev.loadlab.lab.scenario.Scenario;
import dev.loadlab.stubs.Api;
import dev.loadlab.stubs.StubCli;
import dev.loadlab.stubs.StubConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's fake upstreams as the one stub process serves them: the built-in APIs through the stub's own options,
 * the mapping folders through its {@code --mapped-upstreams} file, and each upstream's mean latency, from which the
 * lab computes every bound.
 *
 * @param stubArgs      the stub process's options for the built-in upstreams (latency, profile, faults)
 * @param mapped        the WireMock mapping folders, each on its own port
 * @param meanLatencyMs each upstream's mean latency under its profile
 * @param profile       the profile's name when all upstreams share one, else {@code mixed}
 * @param builtinNames  the scenario's name of each built-in API it uses (usually the API's own)
 */
public record FakeUpstreams(List<String> stubArgs, List<Scenario.Upstream> mapped, Map<String, Double> meanLatencyMs,
                            String profile, Map<String, String> builtinNames) {

    /** The built-in scenario's upstreams as they always were: fixed 100 ms. */
    public static FakeUpstreams of(Map<String, Scenario.Upstream> upstreams) {
        List<String> args = new ArrayList<>();
        List<Scenario.Upstream> mapped = new ArrayList<>();
        Map<String, String> builtinNames = new LinkedHashMap<>();
        Scenario.Latency shared = null;
        for (Scenario.Upstream upstream : upstreams.values()) {
            check(upstream);
            if (upstream.isBuiltin()) {
                shared = shared == null ? upstream.latency() : shared;
                if (!shared.withMs(0).equals(upstream.latency().withMs(0))) {
                    throw new LabException("the built-in upstreams share one stub and so one profile, sigma and spread;"
                            + " give them the same profile (only their latency may differ)");
                }
                builtinNames.put(upstream.builtin(), upstream.name());
                args.addAll(List.of("--" + upstream.builtin() + "-latency-ms", whole(upstream.latency().ms())));
                upstream.faults().forEach((kind, share) ->
                        args.addAll(List.of("--fault", upstream.builtin() + ":" + kind + "=" + share)));
            } else {
                mapped.add(upstream);
            }
        }
        List<String> stubArgs = new ArrayList<>();
        if (shared != null) {
            stubArgs.addAll(List.of("--latency-ms", whole(shared.ms()), "--profile", shared.profile()));
            if (shared.sigma() != Scenario.Latency.DEFAULT_SIGMA) {
                stubArgs.addAll(List.of("--sigma", String.valueOf(shared.sigma())));
            }
            if (shared.spreadMs() != Scenario.Latency.DEFAULT_SPREAD_MS) {
                stubArgs.addAll(List.of("--spread-ms", whole(shared.spreadMs())));
            }
        }
        stubArgs.addAll(args);

        Map<String, Double> means = new LinkedHashMap<>();
        if (shared != null) {
            StubConfig config;
            try {
                config = StubCli.parseConfig(stubArgs.toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                throw new LabException(e.getMessage());
            }
            for (Api api : Api.values()) {
                if (builtinNames.containsKey(api.key())) {
                    means.put(builtinNames.get(api.key()), config.meanLatencyMs(api));
                }
            }
        }
        mapped.forEach(upstream -> means.put(upstream.name(), MappedUpstreamsFile.latency(upstream.latency()).meanMs()));
        Map<String, Double> ordered = new LinkedHashMap<>();
        upstreams.keySet().forEach(name -> ordered.put(name, means.get(name)));
        List<String> profiles = upstreams.values().stream().map(u -> u.latency().profile()).distinct().toList();
        return new FakeUpstreams(List.copyOf(stubArgs), List.copyOf(mapped), ordered,
                profiles.size() == 1 ? profiles.getFirst() : "mixed", builtinNames);
    }

    private static void check(Scenario.Upstream upstream) {
        String profile = upstream.latency().profile();
        if (!List.of("fixed", "lognormal", "uniform", "empirical", "seed").contains(profile)) {
            throw new LabException("upstream " + upstream.name() + ": unknown profile '" + profile
                    + "'; use fixed, lognormal, uniform, empirical or seed");
        }
        if ("seed".equals(profile) && !upstream.isBuiltin()) {
            throw new LabException("upstream " + upstream.name() + ": seed holds the built-in APIs' latencies; use"
                    + " empirical with samples for a mapping folder");
        }
        if ("empirical".equals(profile) && upstream.latency().samplesMs().isEmpty()) {
            throw new LabException("upstream " + upstream.name() + ": the empirical profile needs samples; give"
                    + " samplesMs or samplesFile in the scenario");
        }
        if ("empirical".equals(profile) && upstream.isBuiltin()) {
            throw new LabException("upstream " + upstream.name() + ": the built-in APIs take fixed, seed, lognormal"
                    + " or uniform");
        }
    }

    /** The built-in stub takes whole milliseconds. */
    private static String whole(double ms) {
        return String.valueOf(Math.round(ms));
    }
}
