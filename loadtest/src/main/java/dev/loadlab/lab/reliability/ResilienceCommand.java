package dev.loadlab.lab.reliability;

import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.run.EmbeddedSystem;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.scenario.Scenario;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "resilience", mixinStandardHelpOptions = true,
        description = {
                "Upstream faults under steady load. Starts the stubs and the service, then for each variant in turn"
                        + " holds an open-model load while the stubs inject, one kind per stage: HTTP 500s, HTTP 503s,"
                        + " connection resets, malformed bodies, responses slower than the service's read timeout,"
                        + " and a latency spike; each stage is followed by a calm gap, the last by a recovery stage.",
                "The endpoint is sun (location then sun) or weather; city is refused: its concurrent calls can meet"
                        + " two faults in one request, so faults and answers would not pair up one to one. Outside the"
                        + " spike the upstreams answer in --latency-ms.",
                "Checks per variant: every injected fault (counted by the stub itself) was answered with its mapped"
                        + " status (502; 504 for slow ones) and nothing else failed; no request took longer than the"
                        + " read timeout allows; within --recover-within of faults going off every request succeeds"
                        + " again; threads, heap after GC, open files and upstream connections do not grow"
                        + " (limits: " + GrowthLimits.DEFAULTS_HELP + ").",
                "Writes results/runs/<timestamp>-<name>/ (reliability.json, report.html with the timeline, request"
                        + " logs, Gatling reports). Exit 0: all checks passed; 1: a check failed; 2: could not run.",
                "Default: ~3.5 min for three variants."},
        footer = {"", "Examples:",
                "  ./lab resilience",
                "  ./lab resilience --variants async --stage 3s --gap 2s --faults reset,slow",
                "  ./lab resilience --rate 100 --share 0.2 --read-timeout 1s"})
public final class ResilienceCommand implements Callable<Integer> {

    static final List<String> FAULTS = List.of("http500", "http503", "reset", "malformed", "slow", "spike");

    @Mixin
    ReliabilityOptions options;

    @Option(names = "--rate", defaultValue = "40", description = "Offered load, req/s, open model (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--faults", split = ",", paramLabel = "KIND",
            description = "Fault stages in order (default: http500,http503,reset,malformed,slow,spike).")
    List<String> faults;

    @Option(names = "--share", defaultValue = "0.1", description = "Share of upstream calls that get an http500, http503, reset or malformed fault, per API called (default: ${DEFAULT-VALUE}).")
    double share;

    @Option(names = "--slow-share", defaultValue = "0.05", description = "Share of upstream calls answered slower than the read timeout (default: ${DEFAULT-VALUE}).")
    double slowShare;

    @Option(names = "--spike-ms", description = "Upstream latency per API during the spike (default: 10 x the slowest upstream's latency, below the read timeout).")
    Integer spikeMs;

    @Option(names = "--read-timeout", defaultValue = "2s", paramLabel = "DURATION",
            description = "The service's upstream read timeout (upstreams.*.read-timeout); slow faults take 2x this (default: ${DEFAULT-VALUE}).")
    String readTimeout;

    @Option(names = "--steady", defaultValue = "5s", paramLabel = "DURATION", description = "Load before the first fault (default: ${DEFAULT-VALUE}).")
    String steady;

    @Option(names = "--stage", defaultValue = "5s", paramLabel = "DURATION", description = "Length of each fault stage (default: ${DEFAULT-VALUE}).")
    String stage;

    @Option(names = "--gap", defaultValue = "2s", paramLabel = "DURATION", description = "Calm after each fault stage but the last (default: ${DEFAULT-VALUE}).")
    String gap;

    @Option(names = "--recovery", defaultValue = "6s", paramLabel = "DURATION", description = "Calm after the last fault stage (default: ${DEFAULT-VALUE}).")
    String recovery;

    @Option(names = "--recover-within", defaultValue = "1s", paramLabel = "DURATION",
            description = "After faults stop, every request sent later than this must succeed (default: ${DEFAULT-VALUE}).")
    String recoverWithin;

    @Option(names = "--hang-slack", defaultValue = "1s", paramLabel = "DURATION",
            description = "No request may take longer than read timeout + the upstream critical path + this (default: ${DEFAULT-VALUE}).")
    String hangSlack;

    @Option(names = "--max-growth", paramLabel = "METRIC=LIMIT",
            description = "Growth allowed from before to after the episode: threads, fds, connections (to the upstreams),"
                    + " heap (after GC, at rest), e.g. heap=24MB or heap=30%%. Defaults: " + GrowthLimits.DEFAULTS_HELP + ".")
    Map<String, String> maxGrowth = new LinkedHashMap<>();

    @Option(names = "--pool-size", defaultValue = "64", description = "Blocking pool threads (default: ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(names = "--queue-size", defaultValue = "1024", description = "Blocking pool queue (default: ${DEFAULT-VALUE}).")
    int queueSize;

    @Option(names = "--max-requests", defaultValue = "1000000", description = "Hard cap on requests per episode (default: ${DEFAULT-VALUE}).")
    long maxRequests;

    /**
     * The settings, validated, as one value. {@code readTimeout} is the lab's service's upstream timeout (it sets
     * it); a variant started by command has its own, declared in the scenario ({@code upstreamFailures.timeout}).
     */
    record Plan(ReliabilityScenario scenario, double rate, List<String> faults, double share,
                double slowShare, int spikeMs, Duration readTimeout, Duration steady, Duration stage, Duration gap,
                Duration recovery, Duration recoverWithin, Duration hangSlack, GrowthLimits limits, int poolSize,
                int queueSize, Duration warmup, long maxRequests) {

        List<String> variants() {
            return scenario.variants();
        }

        String endpoint() {
            return scenario.mix().label();
        }

        /**
         * The variant's upstream timeout: what a slow fault must outlast. A variant started by command declares its
         * own; without one (no slow fault then), --read-timeout is taken as its timeout for the hang bound.
         */
        Duration readTimeout(String variant) {
            Duration declared = scenario.scenario().upstreamFailures().timeout();
            return scenario.labService(variant) || declared == null ? readTimeout : declared;
        }

        /** The status the variant answers a failed upstream call with, and one that timed out. */
        Scenario.UpstreamFailures answers() {
            return scenario.scenario().upstreamFailures();
        }

        /** Mean upstream latency on the variant's path at normal latency. */
        double criticalPathMs(String variant) {
            return scenario.floorMs(variant);
        }

        /** The longest of the variants' upstream timeouts. */
        private long longestReadTimeoutMs() {
            return variants().stream().mapToLong(v -> readTimeout(v).toMillis()).max().orElseThrow();
        }

        /** A slow fault outlasts every variant's upstream timeout. */
        int slowMs() {
            long timeout = longestReadTimeoutMs();
            return (int) Math.max(timeout * 2, timeout + 1000);
        }

        Duration requestTimeout() {
            return Duration.ofMillis(longestReadTimeoutMs()).plusSeconds(10);
        }

        /** The longest a request may take: the read timeout on one call plus the rest of the path at its slowest. */
        long hangBoundMs(String variant) {
            Map<String, Double> slowest = new LinkedHashMap<>();
            scenario.upstreams().meanLatencyMs().forEach((name, ms) -> slowest.put(name, Math.max(ms, spikeMs)));
            double slowestPath = scenario.scenario().floorMs(variant, scenario.mix(), slowest);
            return readTimeout(variant).toMillis() + Math.round(slowestPath) + hangSlack.toMillis();
        }

        /** Requests sent this close to the next fault stage may meet its faults: they are left out of recovery checks. */
        long recoveryMarginMs() {
            return Math.round(variants().stream().mapToDouble(this::criticalPathMs).max().orElse(0)) + 250;
        }

        List<EpisodeRunner.Stage> stages() {
            List<EpisodeRunner.Stage> stages = new ArrayList<>();
            stages.add(new EpisodeRunner.Stage("steady", steady, rate));
            for (int i = 0; i < faults.size(); i++) {
                String fault = faults.get(i);
                stages.add(new EpisodeRunner.Stage(fault, stage, rate));
                boolean last = i == faults.size() - 1;
                stages.add(new EpisodeRunner.Stage(last ? "recovery" : "after-" + fault, last ? recovery : gap, rate));
            }
            return stages;
        }

        /** The stub change that turns one fault stage on for a variant's episode. */
        String faultConfig(String fault, String variant) {
            return switch (fault) {
                case "spike" -> "{\"latencyMs\":" + spikeMs + "}";
                case "slow" -> "{\"slowMs\":" + slowMs() + "," + shares("slow", slowShare, variant) + "}";
                default -> "{" + shares(fault, share, variant) + "}";
            };
        }

        /** The stub's names of the upstreams a variant's faults go to (a built-in one by its API's name). */
        List<String> faultedUpstreams(String variant) {
            return scenario.faultableUpstreams(variant).stream().map(name -> {
                Scenario.Upstream upstream = scenario.scenario().upstreams().get(name);
                return upstream.isBuiltin() ? upstream.builtin() : name;
            }).toList();
        }

        private String shares(String kind, double value, String variant) {
            StringBuilder json = new StringBuilder("\"faults\":{");
            List<String> apis = faultedUpstreams(variant);
            for (int i = 0; i < apis.size(); i++) {
                json.append(i == 0 ? "" : ",").append('"').append(apis.get(i)).append("\":{\"").append(kind)
                        .append("\":").append(String.format(Locale.ROOT, "%.4f", value)).append('}');
            }
            return json.append('}').toString();
        }

        Map<String, Object> describe() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("variants", variants());
            config.put("endpoint", endpoint());
            config.put("rateRps", rate);
            config.put("upstreamLatencyMs", scenario.upstreams().meanLatencyMs());
            Map<String, List<String>> faulted = new LinkedHashMap<>();
            variants().forEach(v -> faulted.put(v, faultedUpstreams(v)));
            config.put("faultedUpstreams", faulted);
            config.put("faultAnswers", Map.of("error", answers().status(), "timeout", answers().timeoutStatus()));
            config.put("faults", faults);
            config.put("faultShare", share);
            config.put("slowShare", slowShare);
            config.put("slowMs", slowMs());
            config.put("spikeLatencyMs", spikeMs);
            Map<String, Long> readTimeouts = new LinkedHashMap<>();
            variants().forEach(v -> readTimeouts.put(v, readTimeout(v).toMillis()));
            config.put("readTimeoutMs", readTimeouts);
            config.put("requestTimeoutMs", requestTimeout().toMillis());
            config.put("steadyMs", steady.toMillis());
            config.put("stageMs", stage.toMillis());
            config.put("gapMs", gap.toMillis());
            config.put("recoveryMs", recovery.toMillis());
            config.put("recoverWithinMs", recoverWithin.toMillis());
            Map<String, Long> hangBounds = new LinkedHashMap<>();
            variants().forEach(v -> hangBounds.put(v, hangBoundMs(v)));
            config.put("hangBoundMs", hangBounds);
            config.put("growthLimits", limits.describe());
            config.put("blockingPoolSize", poolSize);
            config.put("blockingQueueSize", queueSize);
            config.put("maxRequestsPerEpisode", maxRequests);
            return config;
        }
    }

    @Override
    public Integer call() {
        Plan plan = plan();
        PrintStream console = System.out;
        Duration episode = EpisodeRunner.total(plan.stages());
        console.printf("resilience: %s on /%s at %s req/s, %d s per variant%n", plan.variants(), plan.endpoint(),
                Checks.num(plan.rate()), episode.toSeconds());
        Map<String, String> serviceConfig = new LinkedHashMap<>();
        serviceConfig.put("blocking.pool-size", String.valueOf(plan.poolSize()));
        serviceConfig.put("blocking.queue-size", String.valueOf(plan.queueSize()));
        for (String api : List.of("location", "sun", "weather")) {
            serviceConfig.put("upstreams." + api + ".read-timeout", plan.readTimeout().toMillis() + "ms");
        }
        return options.run("resilience", plan.describe(), new ReliabilityOptions.Service(serviceConfig, List.of("-Xmx1g")),
                console, (run, system) -> episodes(plan, run, system, console));
    }

    Plan plan() {
        ReliabilityScenario scenario = options.scenario();
        List<String> chosenFaults = faults == null || faults.isEmpty() ? FAULTS : faults;
        chosenFaults.stream().filter(f -> !FAULTS.contains(f)).findFirst().ifPresent(f -> {
            throw new LabException("unknown fault '" + f + "': use some of " + FAULTS);
        });
        for (String variant : scenario.variants()) {
            Checks.require(!scenario.faultableUpstreams(variant).isEmpty(), "variant '" + variant + "' has no upstream"
                    + " that every request calls once and alone, so faults and answers would not pair up one to one:"
                    + " send one request with --endpoint, or give its critical path in " + scenario.label());
            Checks.require(scenario.labService(variant) || !chosenFaults.contains("slow")
                            || scenario.scenario().upstreamFailures().timeout() != null, "variant '" + variant
                            + "': a slow fault must outlast its upstream timeout, which " + scenario.label()
                            + " does not declare: add upstreamFailures: {timeout: 2s} (docs/SCENARIOS.md), or leave"
                            + " slow out with --faults");
        }
        Checks.require(rate > 0 && rate <= 5_000, "--rate " + rate + " is out of range: use 0 < rate <= 5000 req/s");
        Checks.require(share > 0 && share <= 1 && slowShare > 0 && slowShare <= 1,
                "--share and --slow-share must be above 0 and at most 1");
        Duration read = Checks.duration("--read-timeout", readTimeout);
        int spike = spikeMs != null ? spikeMs : (int) Math.max(1, Math.round(scenario.slowestUpstreamMs() * 10));
        for (String variant : scenario.variants()) {
            Duration timeout = scenario.labService(variant) ? read : scenario.scenario().upstreamFailures().timeout();
            Checks.require(timeout == null || spike < timeout.toMillis(), "--spike-ms " + spike + " must stay below"
                    + " the read timeout (" + (timeout == null ? 0 : timeout.toMillis()) + " ms of " + variant
                    + "): a spike is slow answers, the slow fault covers timeouts");
        }
        Checks.require(read.toMillis() >= 100 && read.toMinutes() <= 5, "--read-timeout must be 100ms..5m");
        Duration gapLength = Checks.duration("--gap", gap);
        Duration within = Checks.duration("--recover-within", recoverWithin);
        Checks.require(maxRequests >= 1, "--max-requests must be at least 1");
        Checks.require(poolSize >= 1 && queueSize >= 0, "--pool-size must be >= 1 and --queue-size >= 0");
        Plan plan = new Plan(scenario, rate, chosenFaults, share, slowShare, spike, read,
                positive("--steady", steady), positive("--stage", stage), gapLength, positive("--recovery", recovery),
                within, Checks.duration("--hang-slack", hangSlack), GrowthLimits.parse(maxGrowth), poolSize, queueSize,
                options.systemWarmup(), maxRequests);
        long calmNeeded = within.toMillis() + plan.recoveryMarginMs() + 200;
        Checks.require(chosenFaults.size() < 2 || gapLength.toMillis() >= calmNeeded, "--gap " + gap
                + " leaves no room to check recovery: make it at least " + calmNeeded + "ms (--recover-within + the"
                + " upstream path + 450ms)");
        Checks.require(plan.recovery().toMillis() >= within.toMillis() + 500, "--recovery must be at least"
                + " --recover-within + 500ms");
        Checks.require(EpisodeRunner.total(plan.stages()).toMinutes() <= 60, "one episode is limited to 60 minutes");
        return plan;
    }

    private static Duration positive(String option, String text) {
        Duration d = Checks.duration(option, text);
        Checks.require(!d.isNegative() && !d.isZero(), option + " must be positive");
        return d;
    }

    private List<ReliabilityResult.Check> episodes(Plan plan, ReliabilityRun run, EmbeddedSystem system,
                                                   PrintStream console) {
        List<ReliabilityResult.Check> checks = new ArrayList<>();
        StubAdmin stub = new StubAdmin(new LabHttp(), system.upstreamUrls().get("admin"));
        for (String variant : plan.variants()) {
            console.printf("%s: %d stages, %d s%n", variant, plan.stages().size(),
                    EpisodeRunner.total(plan.stages()).toSeconds());
            ResilienceEpisode episode = new ResilienceEpisode(plan, system, stub,
                    plan.scenario().target(variant, system), run.dir().resolve("episodes").resolve(variant));
            ResilienceEpisode.Result result = episode.run();
            checks.addAll(result.checks());
            run.addEpisode(result.episode(), result.samples(), result.checks(), console);
        }
        return checks;
    }
}
