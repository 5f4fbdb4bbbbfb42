package dev.loadlab.lab.reliability;

import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.results.ReliabilityResult.Check;
import dev.loadlab.lab.results.ReliabilityResult.ProcessSample;
import dev.loadlab.lab.run.EmbeddedSystem;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {
                "Holds a steady open-model load for --minutes, requests taking turns over the variants, and samples"
                        + " the service and the stub every --sample-every: threads, open file descriptors, established"
                        + " TCP connections, RSS, and every --heap-every their heap after a forced full GC.",
                "After --settle, the median of the last third of the samples is compared with the median of the first"
                        + " third; the command fails if any metric of either process grew by more than its limit ("
                        + GrowthLimits.DEFAULTS_HELP + "), if a request failed (beyond --max-error-rate) or if a"
                        + " process died.",
                "Writes results/runs/<timestamp>-<name>/ (reliability.json with every sample, report.html with the"
                        + " trends). Exit 0: no growth; 1: a check failed; 2: could not run."},
        footer = {"", "Examples:",
                "  ./lab soak --minutes 10",
                "  ./lab soak --minutes 60 --rate 300 --max-growth rss=15%%"})
public final class SoakCommand implements Callable<Integer> {

    @Mixin
    ReliabilityOptions options = new ReliabilityOptions("5s");

    @Option(names = "--minutes", defaultValue = "10", description = "How long to hold the load, minutes (default: ${DEFAULT-VALUE}; fractions allowed).")
    double minutes;

    @Option(names = "--rate", defaultValue = "150", description = "Offered load, req/s over all variants (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--sample-every", defaultValue = "5s", paramLabel = "DURATION", description = "Process sample period (default: ${DEFAULT-VALUE}).")
    String sampleEvery;

    @Option(names = "--heap-every", defaultValue = "30s", paramLabel = "DURATION",
            description = "Heap-after-GC sample period; each forces a full GC in both JVMs (default: ${DEFAULT-VALUE}).")
    String heapEvery;

    @Option(names = "--settle", paramLabel = "DURATION",
            description = "Samples before this are not judged: JIT, pools and heap find their level (default: 1m, at most a fifth of the run).")
    String settle;

    @Option(names = "--max-growth", paramLabel = "METRIC=LIMIT",
            description = "Growth limit of threads, fds, connections, rss or heap, e.g. rss=15%% or heap=24MB. Defaults: "
                    + GrowthLimits.DEFAULTS_HELP + ".")
    Map<String, String> maxGrowth = new LinkedHashMap<>();

    @Option(names = "--max-error-rate", defaultValue = "0", description = "Share of failed requests allowed, 0..1 (default: ${DEFAULT-VALUE}).")
    double maxErrorRate;

    @Option(names = "--service-heap", defaultValue = "256m",
            description = "The service's heap, fixed (-Xms = -Xmx, pre-touched) so RSS growth is not heap sizing (default: ${DEFAULT-VALUE}).")
    String serviceHeap;

    @Option(names = "--pool-size", defaultValue = "64", description = "Blocking pool threads (default: ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(names = "--request-timeout", defaultValue = "10s", paramLabel = "DURATION", description = "Client timeout per request (default: ${DEFAULT-VALUE}).")
    String requestTimeout;

    record Plan(ReliabilityScenario scenario, double rate, Duration length,
                Duration sampleEvery, Duration heapEvery, Duration settle, GrowthLimits limits, double maxErrorRate,
                String serviceHeap, int poolSize, Duration requestTimeout, Duration warmup) {

        List<String> variants() {
            return scenario.variants();
        }

        String endpoint() {
            return scenario.mix().label();
        }

        long maxRequests() {
            return Math.round(rate * length.toMillis() / 1000.0 * 1.5) + 1000;
        }

        Map<String, Object> describe() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("variants", variants());
            config.put("endpoint", endpoint());
            config.put("rateRps", rate);
            config.put("upstreamLatencyMs", scenario.upstreams().meanLatencyMs());
            config.put("lengthMs", length.toMillis());
            config.put("sampleEveryMs", sampleEvery.toMillis());
            config.put("heapEveryMs", heapEvery.toMillis());
            config.put("settleMs", settle.toMillis());
            config.put("growthLimits", limits.describe());
            config.put("maxErrorRate", maxErrorRate);
            config.put("serviceHeap", serviceHeap);
            config.put("blockingPoolSize", poolSize);
            config.put("requestTimeoutMs", requestTimeout.toMillis());
            config.put("maxRequests", maxRequests());
            return config;
        }
    }

    @Override
    public Integer call() {
        Plan plan = plan();
        PrintStream console = System.out;
        console.printf("soak: %s req/s over %s on /%s for %s min, samples every %d s (heap every %d s), judged after"
                        + " %d s%n", Checks.num(plan.rate()), plan.variants(), plan.endpoint(), Checks.num(minutes),
                plan.sampleEvery().toSeconds(), plan.heapEvery().toSeconds(), plan.settle().toSeconds());
        return options.run("soak", plan.describe(), new ReliabilityOptions.Service(Map.of("blocking.pool-size",
                String.valueOf(plan.poolSize())), List.of("-Xms" + plan.serviceHeap(), "-Xmx" + plan.serviceHeap(),
                "-XX:+AlwaysPreTouch", "-XX:+ExitOnOutOfMemoryError")), console,
                (run, system) -> soak(plan, run, system, console));
    }

    Plan plan() {
        Checks.require(minutes > 0 && minutes <= 720, "--minutes " + minutes + " is out of range: use more than 0 and"
                + " at most 720");
        Checks.require(rate > 0 && rate <= 5_000, "--rate " + rate + " is out of range: use 0 < rate <= 5000 req/s");
        Checks.require(maxErrorRate >= 0 && maxErrorRate <= 1, "--max-error-rate must be 0..1");
        Checks.require(serviceHeap.matches("\\d+[kKmMgG]"), "--service-heap " + serviceHeap
                + " is not a JVM heap size: use e.g. 256m");
        Checks.require(poolSize >= 1, "--pool-size must be at least 1");
        Duration length = Duration.ofSeconds(Math.max(1, Math.round(minutes * 60))); // whole seconds (open model)
        Duration sample = Checks.duration("--sample-every", sampleEvery);
        Duration heap = Checks.duration("--heap-every", heapEvery);
        Checks.require(sample.toMillis() >= 500, "--sample-every must be at least 500ms");
        Checks.require(heap.compareTo(sample) >= 0, "--heap-every must be at least --sample-every");
        Duration settleTime = settle != null ? Checks.duration("--settle", settle)
                : Duration.ofMillis(Math.min(60_000, length.toMillis() / 5));
        Checks.require(settleTime.compareTo(length) < 0, "--settle must be shorter than the run");
        Checks.require((length.toMillis() - settleTime.toMillis()) / sample.toMillis() >= 6,
                "the judged part of the run (--minutes minus --settle) must hold at least 6 samples: run longer or"
                        + " sample more often (--sample-every)");
        return new Plan(options.scenario(), rate, length, sample, heap,
                settleTime, GrowthLimits.parse(maxGrowth), maxErrorRate, serviceHeap, poolSize,
                Checks.duration("--request-timeout", requestTimeout), options.systemWarmup());
    }

    private List<Check> soak(Plan plan, ReliabilityRun run, EmbeddedSystem system, PrintStream console) {
        List<ReliabilityScenario.Target> targets = plan.scenario().targets(system);
        targets.forEach(target -> plan.scenario().awaitDrained(system, target, Duration.ofSeconds(60)));
        List<EpisodeRunner.Stage> stages = List.of(new EpisodeRunner.Stage("soak", plan.length(), plan.rate()));
        EpisodeRunner.Outcome outcome;
        List<ProcessSample> samples;
        try (Monitor monitor = Monitor.start(Monitor.Processes.of(system, targets), null, plan.sampleEvery(),
                plan.heapEvery(), null, null)) {
            outcome = EpisodeRunner.run(system, plan.scenario().mix(), targets, stages, plan.requestTimeout(),
                    plan.maxRequests(), run.dir().resolve("episodes").resolve("soak"), new Progress(plan, console));
            samples = monitor.processSamples();
        }
        List<String> processes = new ArrayList<>(targets.stream().map(Monitor::processName).distinct().toList());
        processes.add(Monitor.STUB);
        return analyse(plan, run, system.alive(), outcome, samples, processes);
    }

    /** Tells the console when the load has started and how long it runs. */
    private record Progress(Plan plan, PrintStream console) implements EpisodeRunner.Actions {
        @Override
        public String stageStarts(int index, EpisodeRunner.Stage stage) {
            console.printf("load started; ends in %s min%n", Checks.num(plan.length().toMillis() / 60_000.0));
            return null;
        }
    }

    /** @param processes the sampled processes' names: each variant's (the lab's service once) and the stub */
    private List<Check> analyse(Plan plan, ReliabilityRun run, boolean alive, EpisodeRunner.Outcome outcome,
                                List<ProcessSample> samples, List<String> processes) {
        long zero = outcome.startEpochMs();
        long end = zero + plan.length().toMillis();
        long judgedFrom = zero + plan.settle().toMillis();
        RequestLog log = outcome.requests();
        List<Check> checks = new ArrayList<>();
        Map<String, Object> figures = new LinkedHashMap<>();
        for (String process : processes) {
            List<ProcessSample> judged = samples.stream().filter(s -> process.equals(s.process())
                    && s.epochMs() >= judgedFrom && s.epochMs() <= end).toList();
            checks.add(trend(plan, process, "threads", GrowthLimits.THREADS, judged, s -> s.threads(), figures));
            checks.add(trend(plan, process, "open-files", GrowthLimits.FDS, judged, s -> s.fds(), figures));
            checks.add(trend(plan, process, "connections", GrowthLimits.CONNECTIONS, judged, s -> s.established(),
                    figures));
            checks.add(trend(plan, process, "rss", GrowthLimits.RSS, judged, ProcessSample::rssMb, figures));
            checks.add(trend(plan, process, "heap-after-gc", GrowthLimits.HEAP,
                    judged.stream().filter(s -> s.heapAfterGcMb() != null).toList(), ProcessSample::heapAfterGcMb,
                    figures));
        }
        long failed = log.count() - log.ok();
        double errorRate = log.count() == 0 ? 1 : (double) failed / log.count();
        checks.add(Checks.of("errors", null, log.count() + " sent, " + failed + " failed ("
                        + Checks.causes(log.koByCause()) + ")", "≤ " + Checks.num(plan.maxErrorRate() * 100) + "%",
                log.count() > 0 && errorRate <= plan.maxErrorRate()));
        checks.add(Checks.of("alive", null, alive ? String.join(" and ", processes) + " alive at the end"
                : "a process died", "all alive", alive));

        figures.put("sent", log.count());
        figures.put("ok", log.ok());
        figures.put("okRps", Math.round(log.ok() / (plan.length().toMillis() / 1000.0) * 10) / 10.0);
        figures.put("okLatencyMs", log.latency(RequestLog.Request::ok));
        Map<String, Long> perVariant = new LinkedHashMap<>();
        log.all().forEach(r -> perVariant.merge(r.variant(), 1L, Long::sum));
        figures.put("sentPerVariant", perVariant);
        figures.put("judgedFromOffsetMs", plan.settle().toMillis());

        ReliabilityResult.Stage stage = new ReliabilityResult.Stage("soak", 0, 0, end - zero, plan.rate(), null,
                log.count(), log.ok(), log.koByCause(), Map.of(), log.latency(RequestLog.Request::ok),
                log.latency(r -> !r.ok()));
        int bucket = (int) Math.max(1000, Math.min(10_000, plan.length().toMillis() / 300 / 1000 * 1000));
        ReliabilityResult.Episode episode = new ReliabilityResult.Episode(String.join("+", plan.variants()), zero,
                List.of(stage), log.timeline(zero, end - zero, bucket),
                List.of(new ReliabilityResult.Event(plan.settle().toMillis(), "judged from here (end of --settle)")),
                figures, Map.of(), outcome.gatlingReport() == null ? null : "episodes/soak/" + outcome.gatlingReport(), null);
        run.update(r -> r.withEpisodes(List.of(episode)).withSamples(samples));
        return checks;
    }

    /** Growth of one metric of one process: median of the last third of the judged samples minus that of the first. */
    private static Check trend(Plan plan, String process, String name, String metric, List<ProcessSample> judged,
                               ToDoubleFunction<ProcessSample> value, Map<String, Object> figures) {
        List<Double> values = judged.stream().map(value::applyAsDouble).toList();
        if (values.size() < 2) {
            return Checks.of(process + " " + name, null, "not measured (" + values.size() + " samples after --settle)",
                    plan.limits().get(metric).describe(), false);
        }
        double[] ends = GrowthLimits.ends(values);
        figures.put(process + "." + name, Map.of("first", ends[0], "last", ends[1], "samples", values.size()));
        return plan.limits().check(process + " " + name, null, metric, ends[0], ends[1]);
    }
}
