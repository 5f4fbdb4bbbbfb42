package dev.loadlab.lab.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadlab.simulations.RequestMix;
import java.util.List;
import java.util.Map;

/**
 * A scenario file as written (YAML, schema in docs/SCENARIOS.md): what {@link ScenarioFiles} binds before it
 * checks and resolves it into a {@link Scenario}. Unknown keys are refused when bound.
 *
 * @param upstreams    name to fake upstream
 * @param latency      the latency profile of every upstream that does not give its own
 * @param variants     name to how it is started (or where it already runs)
 * @param criticalPath the upstream calls every request waits for, unless a request gives its own
 * @param floorMs      or the latency floor of every request, given outright
 * @param load         the requests and their feeders
 * @param defaults     levels, rates and durations when the command line gives none
 * @param gate         the performance gate's rules for this scenario
 * @param upstreamFailures what the service answers when an upstream call fails ({@code ./lab resilience})
 */
public record ScenarioFile(String name, String description, Map<String, UpstreamEntry> upstreams,
                           LatencyEntry latency, Map<String, VariantEntry> variants, JsonNode criticalPath,
                           Double floorMs, RequestMix load, Defaults defaults, Gate gate,
                           UpstreamFailuresEntry upstreamFailures) {

    /**
     * @param status        the answer to an upstream error, reset or garbled body (default 502)
     * @param timeoutStatus the answer when an upstream does not answer within {@code timeout} (default 504)
     * @param timeout       the service's own upstream timeout, e.g. 2s
     */
    public record UpstreamFailuresEntry(Integer status, Integer timeoutStatus, String timeout) {
    }

    /** @param rules the rules file {@code ./lab gate --scenario} uses without {@code --rules}, relative to the file */
    public record Gate(String rules) {
    }

    /**
     * A fake upstream: one of the lab's built-in APIs, or a folder of WireMock stub mappings.
     *
     * @param builtin  location, sun or weather
     * @param mappings a folder with WireMock's {@code mappings/} (and {@code __files/}), as its recorder writes it
     * @param faults   fault kind (http500, http503, reset, malformed, slow) to its share of requests, 0..1
     */
    public record UpstreamEntry(String builtin, String mappings, LatencyEntry latency, Map<String, Double> faults) {
    }

    /**
     * A latency profile.
     *
     * @param profile     fixed, lognormal (median = ms), uniform (ms plus or minus spreadMs), empirical (samples),
     *                    or seed (the built-in APIs' measured latencies)
     * @param samplesFile empirical samples from a file: {@code ./lab record}'s latencies.json, or one number a line
     */
    public record LatencyEntry(String profile, Double ms, Double sigma, Double spreadMs, List<Double> samplesMs,
                               String samplesFile) {
    }

    /**
     * A variant of the system under test: exactly one of {@code builtin}, {@code url} or {@code command}.
     *
     * @param builtin      the lab's own service in this mode (blocking, virtual, async)
     * @param url          a service that already runs: what {@code --target} gives
     * @param command      argv of the process to start; {@code {port}}, {@code {java}} (the JDK the lab starts JVMs
     *                     with) and {@code {upstream.NAME.url}} are filled in
     * @param shell        run {@code command} (one string) through {@code sh -c}; default false
     * @param workingDir   relative to the scenario file; default its folder
     * @param baseUrl      what request paths are appended to, e.g. {@code http://127.0.0.1:{port}}
     * @param criticalPath request name to this variant's own critical path for it
     * @param pool         the threads that each hold a request while it waits (a blocking server's pool): its bound
     *                     is then also pool / critical path
     */
    public record VariantEntry(String builtin, String url, List<String> command, Boolean shell, String workingDir,
                               Map<String, String> env, String baseUrl, Ready ready,
                               Map<String, JsonNode> criticalPath, Integer pool) {
    }

    /**
     * When a started variant is ready: an HTTP path answering 2xx, or a line of its output.
     *
     * @param http    a path on {@code http://127.0.0.1:{port}}, or a URL with placeholders
     * @param log     a regular expression a line of the output matches
     * @param timeout e.g. 60s (default)
     */
    public record Ready(String http, String log, String timeout) {
    }

    /** Defaults of the commands that run the scenario; {@code quick} holds {@code --quick}'s. */
    public record Defaults(List<Integer> levels, List<String> rates, String warmup, String measure, Integer repeats,
                           String systemWarmup, String requestTimeout, Defaults quick) {
    }
}
