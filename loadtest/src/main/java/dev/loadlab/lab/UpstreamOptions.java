package dev.loadlab.lab;

import dev.loadlab.lab.run.LabException;
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
            description = "Fixed latency of every upstream API (default: ${DEFAULT-VALUE}).", defaultValue = "100")
    int latencyMs;

    @Option(names = "--location-latency-ms", paramLabel = "MS", description = "Latency of the location API only.")
    Integer locationLatencyMs;

    @Option(names = "--sun-latency-ms", paramLabel = "MS", description = "Latency of the sun API only.")
    Integer sunLatencyMs;

    @Option(names = "--weather-latency-ms", paramLabel = "MS", description = "Latency of the weather API only.")
    Integer weatherLatencyMs;

    @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "fixed",
            description = "Latency profile: fixed, seed (the original demo's measured latencies), lognormal"
                    + " (median = latency), uniform (latency +- spread). Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--sigma", paramLabel = "S", description = "Shape of the lognormal profile (default 0.1).")
    Double sigma;

    @Option(names = "--spread-ms", paramLabel = "MS", description = "Half-width of the uniform profile (default 20).")
    Integer spreadMs;

    @Option(names = "--fault", paramLabel = "API:KIND=SHARE",
            description = "Inject a fault: API location|sun|weather, KIND http500|http503|reset|malformed|slow,"
                    + " SHARE 0..1 of its requests. Repeatable.")
    List<String> faults = new ArrayList<>();

    /** The stub process's command-line options for these settings. */
    public List<String> stubArgs() {
        List<String> args = new ArrayList<>(List.of("--latency-ms", String.valueOf(latencyMs), "--profile", profile));
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

    private static void addIfSet(List<String> args, String option, Object value) {
        if (value != null) {
            args.add(option);
            args.add(String.valueOf(value));
        }
    }
}
