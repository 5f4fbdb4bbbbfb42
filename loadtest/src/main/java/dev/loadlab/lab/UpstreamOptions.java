package dev.loadlab.lab;

import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.scenario.Scenario;
import dev.loadlab.stubs.Api;
import dev.loadlab.stubs.StubConfig;
import dev.loadlab.stubs.StubCli;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The stub upstreams' latency and fault options, shared by {@code compare}, {@code stubs} and {@code gate}.
 * They are handed to the stub process as they are, and parsed by the stub's own parser to know each API's
 * mean latency, so the lab's bound always matches what the stubs do.
 */
public final class UpstreamOptions {

    @Option(names = "--latency-ms", paramLabel = "MS",
            description = "Latency of every upstream (default: the scenario's; the built-in one: 100).")
    Integer latencyMs;

    @Option(names = "--location-latency-ms", paramLabel = "MS", description = "Latency of the location API only.")
    Integer locationLatencyMs;

    @Option(names = "--sun-latency-ms", paramLabel = "MS", description = "Latency of the sun API only.")
    Integer sunLatencyMs;

    @Option(names = "--weather-latency-ms", paramLabel = "MS", description = "Latency of the weather API only.")
    Integer weatherLatencyMs;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "Latency profile of every upstream: fixed, seed (the original demo's measured latencies),"
                    + " lognormal (median = latency), uniform (latency +- spread), empirical (a mapped upstream's"
                    + " samples). Default: the scenario's; the built-in one: fixed.")
    String profile;

    @Option(names = "--sigma", paramLabel = "S", description = "Shape of the lognormal profile (default 0.1).")
    Double sigma;

    @Option(names = "--spread-ms", paramLabel = "MS", description = "Half-width of the uniform profile (default 20).")
    Integer spreadMs;

    @Option(names = "--fault", paramLabel = "UPSTREAM:KIND=SHARE",
            description = "Inject a fault: UPSTREAM location|sun|weather or a scenario's upstream, KIND"
                    + " http500|http503|reset|malformed|slow, SHARE 0..1 of its requests. Repeatable.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--upstream-latency-ms", paramLabel = "NAME=MS",
            description = "Latency of one of the scenario's upstreams. Repeatable.")
    Map<String, Double> upstreamLatencyMs = new LinkedHashMap<>();

    /** The stub process's command-line options for these settings, without a scenario (the built-in upstreams). */
    public List<String> stubArgs() {
        List<String> args = new ArrayList<>(List.of("--latency-ms", String.valueOf(latencyMs == null ? 100 : latencyMs),
                "--profile", profile == null ? "fixed" : profile));
        addIfSet(args, "--location-latency-ms", locationLatencyMs);
        addIfSet(args, "--sun-latency-ms", sunLatencyMs);
        addIfSet(args, "--weather-latency-ms", weatherLatencyMs);
        addIfSet(args, "--sigma", sigma);
        addIfSet(args, "--spread-ms", spreadMs);
        faults.forEach(fault -> args.addAll(List.of("--fault", fault)));
        return args;
    }

    /** The stub configuration these options describe, validated by the stub's own parser. */
    public StubConfig stubConfig() {
        try {
            return StubCli.parseConfig(stubArgs().toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new LabException(e.getMessage());
        }
    }

    /** Each API's mean latency under the chosen profile, in ms. */
    public Map<String, Double> meanLatencyMs() {
        StubConfig config = stubConfig();
        Map<String, Double> means = new LinkedHashMap<>();
        for (Api api : Api.values()) {
            means.put(api.key(), config.meanLatencyMs(api));
        }
        return means;
    }

    /** The profile's name for the summary; the built-in default when not given. */
    public String profileOrDefault() {
        return profile == null ? "fixed" : profile;
    }

    /** A scenario's upstreams with what was given on the command line put over them. */
    public Map<String, Scenario.Upstream> applyTo(Map<String, Scenario.Upstream> upstreams) {
        upstreamLatencyMs.keySet().stream().filter(name -> !upstreams.containsKey(name)).findFirst().ifPresent(name -> {
            throw new LabException("--upstream-latency-ms " + name + ": the scenario has no upstream " + name
                    + "; use one of " + upstreams.keySet());
        });
        Map<String, List<String[]>> faultsByUpstream = new LinkedHashMap<>();
        for (String fault : faults) {
            String[] parts = fault.split("[:=]");
            if (parts.length != 3 || !upstreams.containsKey(parts[0])) {
                throw new LabException("--fault " + fault + " is not UPSTREAM:KIND=SHARE with UPSTREAM one of "
                        + upstreams.keySet() + ", e.g. --fault sun:http500=0.1");
            }
            faultsByUpstream.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts);
        }
        Map<String, Scenario.Upstream> result = new LinkedHashMap<>();
        upstreams.forEach((name, upstream) -> {
            Scenario.Latency l = upstream.latency();
            Double ms = upstreamLatencyMs.containsKey(name) ? upstreamLatencyMs.get(name)
                    : upstream.isBuiltin() && builtinLatency(upstream.builtin()) != null
                    ? (double) builtinLatency(upstream.builtin()) : latencyMs != null ? (double) latencyMs : l.ms();
            Scenario.Latency latency = new Scenario.Latency(profile != null ? profile : l.profile(), ms,
                    sigma != null ? sigma : l.sigma(), spreadMs != null ? spreadMs : l.spreadMs(), l.samplesMs());
            Map<String, Double> upstreamFaults = new LinkedHashMap<>(upstream.faults());
            for (String[] fault : faultsByUpstream.getOrDefault(name, List.of())) {
                try {
                    upstreamFaults.put(fault[1], Double.parseDouble(fault[2]));
                } catch (NumberFormatException e) {
                    throw new LabException("--fault " + String.join(":", fault) + ": the share is not a number 0..1");
                }
            }
            result.put(name, new Scenario.Upstream(name, upstream.builtin(), upstream.mappingsDir(), latency,
                    Map.copyOf(upstreamFaults)));
        });
        return result;
    }

    private Integer builtinLatency(String api) {
        return switch (api) {
            case "location" -> locationLatencyMs;
            case "sun" -> sunLatencyMs;
            case "weather" -> weatherLatencyMs;
            default -> null;
        };
    }

    private static void addIfSet(List<String> args, String option, Object value) {
        if (value != null) {
            args.add(option);
            args.add(String.valueOf(value));
        }
    }
}
