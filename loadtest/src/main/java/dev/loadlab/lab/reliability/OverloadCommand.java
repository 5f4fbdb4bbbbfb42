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
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "overload", mixinStandardHelpOptions = true,
        description = {
                "Offered load far above capacity, open model. Starts the stubs and the service with a small heap and"
                        + " small bounds (blocking pool and queue, the other modes' in-flight limits), then for each"
                        + " variant: a short unjudged burst at the offered rate (--warmup: JIT), a calm stage, an"
                        + " overload stage at --factor times the blocking pool's bound (pool size / upstream path), and"
                        + " a calm stage again, while probing the service's health (its management port's /health) and reading the in-flight and queue"
                        + " gauges.",
                "Checks per variant: the excess is shed with 503 and nothing else fails; 503s are fast; OK responses"
                        + " keep a bounded latency (queue wait for blocking, none for the others); the in-flight limit"
                        + " (blocking: pool and queue) is never exceeded; the service does not run out of memory;"
                        + " health answers fast throughout; after the overload every request succeeds again.",
                "Then a retry storm per variant: closed-loop users that resend the moment an answer arrives (503"
                        + " included), --storm-connections of them over kept-alive connections and"
                        + " --storm-new-connections on a new connection per request, driven by the lab's own Netty"
                        + " client (Gatling runs the calm stages around it), after an unjudged --warmup storm."
                        + " Checks (storm-*): health p99 and"
                        + " max, 503 p99 with no client timeout, OK throughput within --storm-min-goodput of capacity,"
                        + " bounds, no OOM, error-free within --recover-within once the storm stops.",
                "Writes results/runs/<timestamp>-<name>/ (reliability.json, report.html). Exit 0: all checks passed;"
                        + " 1: a check failed; 2: could not run. Default: ~2 min for three variants."},
        footer = {"", "Examples:",
                "  ./lab overload",
                "  ./lab overload --variants blocking --factor 20 --duration 30s",
                "  ./lab overload --heap 128m --max-in-flight 32",
                "  ./lab overload --adversaries storm --storm-connections 800"})
public final class OverloadCommand implements Callable<Integer> {

    static final String WARM_UP = "warm-up";
    static final String OVERLOAD = "overload";
    static final String STORM = "storm";
    static final List<String> ADVERSARIES = List.of("open", STORM);

    @Mixin
    ReliabilityOptions options;

    @Option(names = "--pool-size", defaultValue = "16", description = "Blocking pool threads (default: ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(names = "--queue-size", defaultValue = "64", description = "Blocking pool queue; full = 503 (default: ${DEFAULT-VALUE}).")
    int queueSize;

    @Option(names = "--max-in-flight", defaultValue = "64", description = "virtual.max-in-flight, async.max-in-flight and eventloop.max-in-flight (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--factor", defaultValue = "10", description = "Offered rate as a multiple of the blocking pool's bound (default: ${DEFAULT-VALUE}).")
    double factor;

    @Option(names = "--rate", description = "Offered rate in req/s during the overload, instead of --factor.")
    Double rate;

    @Option(names = "--calm-rate", description = "Rate before and after the overload, req/s (default: half the pool's bound).")
    Double calmRate;

    @Option(names = "--warmup", defaultValue = "3s", paramLabel = "DURATION",
            description = "Each variant first gets this long at the offered rate, not judged, so its shedding path and the"
                    + " fresh load generator are JIT-compiled before the measured overload (default: ${DEFAULT-VALUE}; 0s to skip).")
    String warmup;

    @Option(names = "--before", defaultValue = "3s", paramLabel = "DURATION", description = "Calm stage before the overload (default: ${DEFAULT-VALUE}).")
    String before;

    @Option(names = "--duration", defaultValue = "15s", paramLabel = "DURATION", description = "Overload stage (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--after", defaultValue = "5s", paramLabel = "DURATION", description = "Calm stage after (default: ${DEFAULT-VALUE}).")
    String after;

    @Option(names = "--adversaries", split = ",", paramLabel = "KIND",
            description = "open (the open model), storm (the retry storm), or both (default: open,storm).")
    List<String> adversaries;

    @Option(names = "--storm-connections", defaultValue = "400", description = "Retry-storm users over kept-alive connections (default: ${DEFAULT-VALUE}).")
    int stormConnections;

    @Option(names = "--storm-new-connections", defaultValue = "100", description = "Retry-storm users that open a new connection per request (default: ${DEFAULT-VALUE}).")
    int stormNewConnections;

    @Option(names = "--storm-duration", defaultValue = "10s", paramLabel = "DURATION", description = "Length of the retry storm (default: ${DEFAULT-VALUE}).")
    String stormDuration;

    @Option(names = "--storm-min-goodput", defaultValue = "0.9", description = "OK throughput during the storm must reach this share of capacity (default: ${DEFAULT-VALUE}).")
    double stormMinGoodput;

    @Option(names = "--service-config", paramLabel = "KEY=VALUE",
            description = "Any other service setting, e.g. overload.close-connection=false (before and after a fix).")
    Map<String, String> serviceConfig = new LinkedHashMap<>();

    @Option(names = "--heap", defaultValue = "256m", description = "The service's -Xmx (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--fast-503", defaultValue = "100ms", paramLabel = "DURATION", description = "p99 limit of 503 response times (default: ${DEFAULT-VALUE}).")
    String fast503;

    @Option(names = "--latency-slack", defaultValue = "250ms", paramLabel = "DURATION",
            description = "OK p99 may exceed its bound (queue wait + upstream path) x 1.5 by this much (default: ${DEFAULT-VALUE}).")
    String latencySlack;

    @Option(names = "--min-goodput", defaultValue = "0.5", description = "OK throughput during overload must reach this share of capacity (default: ${DEFAULT-VALUE}).")
    double minGoodput;

    @Option(names = "--health-p99", defaultValue = "100ms", paramLabel = "DURATION", description = "p99 limit of the health probes (default: ${DEFAULT-VALUE}).")
    String healthP99;

    @Option(names = "--health-max", defaultValue = "1s", paramLabel = "DURATION", description = "Limit of the slowest health probe (default: ${DEFAULT-VALUE}).")
    String healthMax;

    @Option(names = "--recover-within", defaultValue = "1s", paramLabel = "DURATION", description = "After the overload, requests sent later than this must all succeed (default: ${DEFAULT-VALUE}).")
    String recoverWithin;

    @Option(names = "--request-timeout", defaultValue = "10s", paramLabel = "DURATION", description = "Client timeout per request (default: ${DEFAULT-VALUE}).")
    String requestTimeout;

    @Option(names = "--max-requests", defaultValue = "2000000", description = "Hard cap on requests per episode (default: ${DEFAULT-VALUE}).")
    long maxRequests;

    /** The retry storm: how many closed-loop users of each kind, how long, and the goodput it must leave. */
    record Storm(int keepAliveUsers, int newConnectionUsers, Duration duration, double minGoodput) {
    }

    /**
     * The settings, validated; {@code storm} is null when only the open model runs, and vice versa. The pool, queue
     * and in-flight sizes are the lab's service's; a variant started by command brings its own limit (its
     * {@code pool} in the scenario).
     */
    record Plan(ReliabilityScenario scenario, Bounds bounds, double rateRps, double calmRps, Schedule schedule,
                Limits limits, Duration requestTimeout, Duration warmup, long maxRequests, boolean openModel,
                Storm storm) {

        /** The lab's service as overload starts it: blocking pool and queue, the other modes' limit, its heap. */
        record Bounds(int poolSize, int queueSize, int maxInFlight, String heap) {
        }

        /** The open model's stage lengths: the unjudged burst (also the storm's warm-up), calm, overload, calm. */
        record Schedule(Duration warmupBurst, Duration before, Duration duration, Duration after) {
        }

        /** What the checks allow. */
        record Limits(Duration fast503, Duration latencySlack, double minGoodput, Duration healthP99,
                      Duration healthMax, Duration recoverWithin) {
        }

        List<String> variants() {
            return scenario.variants();
        }

        String endpoint() {
            return scenario.mix().label();
        }

        /** The lab's service's mode the variant runs in; null for a variant started by command. */
        String mode(String variant) {
            return scenario.variant(variant).builtin();
        }

        boolean blockingPool(String variant) {
            return "blocking".equals(mode(variant));
        }

        /** The most requests the variant serves at once; null when the scenario does not say. */
        static Integer concurrencyLimit(ReliabilityScenario scenario, String variant, int poolSize, int maxInFlight) {
            Scenario.Variant v = scenario.variant(variant);
            if (!v.isBuiltin()) {
                return v.pool();
            }
            return "blocking".equals(v.builtin()) ? poolSize : maxInFlight;
        }

        /** The most requests the variant takes in at once before it sheds: its limit, plus the blocking queue. */
        int admitted(String variant) {
            return concurrencyLimit(scenario, variant, bounds.poolSize(), bounds.maxInFlight())
                    + (blockingPool(variant) ? bounds.queueSize() : 0);
        }

        /**
         * An unjudged storm over calm load (the storm's client runs in the lab's JVM, which is cold for the first
         * variant; the calm load starts Gatling's clock), then calm, the storm, calm: the same calm stages as the
         * open model, so recovery is judged alike.
         */
        List<EpisodeRunner.Stage> stormStages() {
            List<EpisodeRunner.Stage> stages = new ArrayList<>();
            if (!schedule.warmupBurst().isZero()) {
                stages.add(new EpisodeRunner.Stage(WARM_UP, schedule.warmupBurst(), calmRps, storm.keepAliveUsers(),
                        storm.newConnectionUsers()));
            }
            stages.add(new EpisodeRunner.Stage("before", schedule.before(), calmRps));
            stages.add(EpisodeRunner.Stage.storm(STORM, storm.duration(), storm.keepAliveUsers(),
                    storm.newConnectionUsers()));
            stages.add(new EpisodeRunner.Stage("after", schedule.after(), calmRps));
            return stages;
        }

        double criticalPathMs(String variant) {
            return scenario.floorMs(variant);
        }

        /** Requests per second a variant can serve: its concurrency bound over the upstream path. */
        double capacityRps(String variant) {
            return capacityRps(scenario, variant, bounds.poolSize(), bounds.maxInFlight());
        }

        static double capacityRps(ReliabilityScenario scenario, String variant, int poolSize, int maxInFlight) {
            return concurrencyLimit(scenario, variant, poolSize, maxInFlight) * 1000.0
                    / Math.max(1, scenario.floorMs(variant));
        }

        /** The longest an OK request should take: queue wait (blocking) plus the upstream path. */
        double okBoundMs(String variant) {
            double queueWait = blockingPool(variant)
                    ? (double) bounds.queueSize() / bounds.poolSize() * criticalPathMs(variant) : 0;
            return queueWait + criticalPathMs(variant);
        }

        List<EpisodeRunner.Stage> stages() {
            List<EpisodeRunner.Stage> stages = new ArrayList<>();
            if (!schedule.warmupBurst().isZero()) {
                stages.add(new EpisodeRunner.Stage(WARM_UP, schedule.warmupBurst(), rateRps));
            }
            stages.add(new EpisodeRunner.Stage("before", schedule.before(), calmRps));
            stages.add(new EpisodeRunner.Stage(OVERLOAD, schedule.duration(), rateRps));
            stages.add(new EpisodeRunner.Stage("after", schedule.after(), calmRps));
            return stages;
        }

        Map<String, Object> describe() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("variants", variants());
            config.put("endpoint", endpoint());
            config.put("upstreamLatencyMs", scenario.upstreams().meanLatencyMs());
            config.put("blockingPoolSize", bounds.poolSize());
            config.put("blockingQueueSize", bounds.queueSize());
            config.put("maxInFlight", bounds.maxInFlight());
            config.put("offeredRps", rateRps);
            config.put("calmRps", calmRps);
            Map<String, Double> capacity = new LinkedHashMap<>();
            variants().forEach(v -> capacity.put(v, Math.round(capacityRps(v) * 10) / 10.0));
            config.put("capacityRps", capacity);
            config.put("warmupMs", schedule.warmupBurst().toMillis());
            config.put("beforeMs", schedule.before().toMillis());
            config.put("overloadMs", schedule.duration().toMillis());
            config.put("afterMs", schedule.after().toMillis());
            config.put("serviceHeap", bounds.heap());
            config.put("fast503P99Ms", limits.fast503().toMillis());
            config.put("latencySlackMs", limits.latencySlack().toMillis());
            config.put("minGoodput", limits.minGoodput());
            config.put("healthP99Ms", limits.healthP99().toMillis());
            config.put("healthMaxMs", limits.healthMax().toMillis());
            config.put("recoverWithinMs", limits.recoverWithin().toMillis());
            config.put("requestTimeoutMs", requestTimeout.toMillis());
            config.put("maxRequestsPerEpisode", maxRequests);
            config.put("openModel", openModel);
            if (storm != null) {
                config.put("stormKeepAliveUsers", storm.keepAliveUsers());
                config.put("stormNewConnectionUsers", storm.newConnectionUsers());
                config.put("stormMs", storm.duration().toMillis());
                config.put("stormMinGoodput", storm.minGoodput());
            }
            return config;
        }
    }

    @Override
    public Integer call() {
        Plan plan = plan();
        PrintStream console = System.out;
        console.printf("overload: %s on /%s, %s req/s offered (capacity %s)%s%n", plan.variants(),
                plan.endpoint(), Checks.num(plan.rateRps()), plan.describe().get("capacityRps"),
                plan.scenario().startsLabService() ? ", heap " + plan.bounds().heap() : "");
        Map<String, Object> config = plan.describe();
        config.put("serviceConfig", serviceConfig);
        Map<String, String> service = new LinkedHashMap<>(serviceConfig);
        service.put("blocking.pool-size", String.valueOf(plan.bounds().poolSize()));
        service.put("blocking.queue-size", String.valueOf(plan.bounds().queueSize()));
        service.put("async.max-in-flight", String.valueOf(plan.bounds().maxInFlight()));
        service.put("virtual.max-in-flight", String.valueOf(plan.bounds().maxInFlight()));
        service.put("eventloop.max-in-flight", String.valueOf(plan.bounds().maxInFlight()));
        return options.run("overload", config, new ReliabilityOptions.Service(service,
                List.of("-Xmx" + plan.bounds().heap(), "-XX:+ExitOnOutOfMemoryError")), console,
                (run, system) -> episodes(plan, run, system, console));
    }

    Plan plan() {
        ReliabilityScenario scenario = options.scenario();
        Checks.require(poolSize >= 1 && queueSize >= 0 && maxInFlight >= 1,
                "--pool-size and --max-in-flight must be >= 1, --queue-size >= 0");
        Checks.require(heap.matches("\\d+[kKmMgG]"), "--heap " + heap + " is not a JVM heap size: use e.g. 256m or 1g");
        for (String variant : scenario.variants()) {
            Checks.require(Plan.concurrencyLimit(scenario, variant, poolSize, maxInFlight) != null, "variant '"
                    + variant + "' declares no pool: overload needs the most requests it serves at once to know its"
                    + " capacity; add pool: N to it in " + scenario.label());
            Checks.require(scenario.floorMs(variant) >= 1, "variant '" + variant + "' waits "
                    + Checks.num(scenario.floorMs(variant)) + " ms on its upstreams: overload needs at least 1 ms"
                    + " (--latency-ms, or the scenario's latencies) to know its capacity");
        }
        // the reference rate: the slowest variant's capacity, among the scenario's variants whose limit is known
        double poolBound = scenario.scenario().variantNames().stream().filter(v -> !scenario.variant(v).isRunning()
                        && Plan.concurrencyLimit(scenario, v, poolSize, maxInFlight) != null)
                .mapToDouble(v -> Plan.capacityRps(scenario, v, poolSize, maxInFlight)).min().orElseThrow();
        double offered = rate != null ? rate : factor * poolBound;
        Checks.require(offered > 0 && offered <= 20_000, "the offered rate " + Checks.num(offered)
                + " req/s is out of range: use --rate or --factor for 0 < rate <= 20000");
        double calm = calmRate != null ? calmRate : poolBound / 2;
        Checks.require(calm > 0 && calm < offered, "--calm-rate must be above 0 and below the offered rate");
        Checks.require(minGoodput >= 0 && minGoodput <= 1, "--min-goodput must be 0..1");
        Checks.require(maxRequests >= 1, "--max-requests must be at least 1");
        List<String> kinds = adversaries == null ? ADVERSARIES : adversaries;
        for (String kind : kinds) {
            Checks.require(ADVERSARIES.contains(kind), "unknown --adversaries '" + kind + "': use open, storm or both");
        }
        Checks.require(stormConnections >= 0 && stormNewConnections >= 0 && stormConnections + stormNewConnections >= 1
                        && stormConnections + stormNewConnections <= 5000,
                "--storm-connections and --storm-new-connections must be >= 0, together 1..5000");
        Checks.require(stormMinGoodput >= 0 && stormMinGoodput <= 1, "--storm-min-goodput must be 0..1");
        Storm storm = kinds.contains(STORM) ? new Storm(stormConnections, stormNewConnections,
                Checks.duration("--storm-duration", stormDuration), stormMinGoodput) : null;
        Checks.require(storm == null || storm.duration().toMillis() >= 1000 && storm.duration().toMillis() % 1000 == 0,
                "--storm-duration must be whole seconds, at least 1s (e.g. 10s)");
        Plan plan = new Plan(scenario, new Plan.Bounds(poolSize, queueSize, maxInFlight, heap), offered, calm,
                new Plan.Schedule(Checks.duration("--warmup", warmup), Checks.duration("--before", before),
                        Checks.duration("--duration", duration), Checks.duration("--after", after)),
                new Plan.Limits(Checks.duration("--fast-503", fast503),
                        Checks.duration("--latency-slack", latencySlack), minGoodput,
                        Checks.duration("--health-p99", healthP99), Checks.duration("--health-max", healthMax),
                        Checks.duration("--recover-within", recoverWithin)),
                Checks.duration("--request-timeout", requestTimeout), options.systemWarmup(), maxRequests,
                kinds.contains("open"), storm);
        Checks.require(!plan.schedule().duration().isZero() && !plan.schedule().before().isZero(),
                "--before and --duration must be positive");
        Checks.require(plan.schedule().warmupBurst().isZero() || plan.schedule().before().toMillis() >= 1000,
                "--before must be at least 1s after a --warmup burst: the backlog it leaves must drain first");
        Checks.require(plan.schedule().after().toMillis() >= plan.limits().recoverWithin().toMillis() + 500,
                "--after must be at least --recover-within + 500ms");
        Checks.require(EpisodeRunner.total(plan.stages()).toMinutes() <= 30, "one episode is limited to 30 minutes");
        for (String v : plan.variants()) {
            int admitted = plan.admitted(v);
            String lower = plan.mode(v) == null ? "its pool in the scenario" : "--pool-size, --queue-size or --max-in-flight";
            if (storm != null && storm.keepAliveUsers() + storm.newConnectionUsers() <= admitted) {
                throw new LabException("a retry storm of " + (storm.keepAliveUsers() + storm.newConnectionUsers())
                        + " users cannot overload " + v + ", which admits " + admitted + " at once: raise"
                        + " --storm-connections or lower " + lower);
            }
            if (plan.openModel() && plan.capacityRps(v) >= offered) {
                throw new LabException("the offered rate " + Checks.num(offered) + " req/s is not above " + v
                        + "'s capacity (" + Checks.num(plan.capacityRps(v)) + " req/s): raise --factor or --rate, or"
                        + " lower " + lower);
            }
        }
        return plan;
    }

    private List<ReliabilityResult.Check> episodes(Plan plan, ReliabilityRun run, EmbeddedSystem system,
                                                   PrintStream console) {
        List<ReliabilityResult.Check> checks = new ArrayList<>();
        List<Boolean> adversaries = new ArrayList<>(); // per variant: the open model, then the storm
        if (plan.openModel()) {
            adversaries.add(false);
        }
        if (plan.storm() != null) {
            adversaries.add(true);
        }
        episodes:
        for (String variant : plan.variants()) {
            for (boolean storm : adversaries) {
                if (storm) {
                    console.printf("%s: retry storm of %d kept-alive + %d new-connection users for %d s (capacity %s"
                                    + " req/s)%n", variant, plan.storm().keepAliveUsers(),
                            plan.storm().newConnectionUsers(), plan.storm().duration().toSeconds(),
                            Checks.num(plan.capacityRps(variant)));
                } else {
                    console.printf("%s: %s req/s for %d s (capacity %s req/s)%n", variant, Checks.num(plan.rateRps()),
                            plan.schedule().duration().toSeconds(), Checks.num(plan.capacityRps(variant)));
                }
                OverloadEpisode.Result result = new OverloadEpisode(plan, system,
                        plan.scenario().target(variant, system), storm,
                        run.dir().resolve("episodes").resolve(storm ? variant + "-storm" : variant), console).run();
                checks.addAll(result.checks());
                run.addEpisode(result.episode(), result.samples(), result.checks(), console);
                if (!system.alive()) {
                    console.println("the service is gone (see " + run.dir().resolve("logs") + "); later episodes"
                            + " cannot be measured");
                    break episodes;
                }
            }
        }
        return checks;
    }
}
