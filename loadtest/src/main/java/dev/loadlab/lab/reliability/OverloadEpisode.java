package dev.loadlab.lab.reliability;

import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.results.ReliabilityResult.Check;
import dev.loadlab.lab.results.ReliabilityResult.ProcessSample;
import dev.loadlab.lab.run.EmbeddedSystem;
import dev.loadlab.lab.run.VariantRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * One variant under overload: calm, far above capacity, calm again, with the service's health probed every 100 ms
 * (a new connection each time, as a Kubernetes probe) and its in-flight and queue gauges read every 250 ms; then the
 * checks (see {@link OverloadCommand}). The overload is either an open model (requests arrive at a fixed rate,
 * each on a new connection) or a retry storm (closed-loop users that resend the moment an answer arrives, 503
 * included, over kept-alive connections, plus users that open a new connection for every request); the storm's
 * checks are named {@code storm-*}.
 */
final class OverloadEpisode {

    record Result(ReliabilityResult.Episode episode, List<ProcessSample> samples, List<Check> checks) {
    }

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

    private final OverloadCommand.Plan plan;
    private final EmbeddedSystem system;
    private final ReliabilityScenario.Target target;
    private final String variant;
    private final boolean storm;
    private final Path dir;
    private final PrintStream console;

    /** @param storm a retry storm instead of the open model */
    OverloadEpisode(OverloadCommand.Plan plan, EmbeddedSystem system, ReliabilityScenario.Target target,
                    boolean storm, Path dir, PrintStream console) {
        this.plan = plan;
        this.system = system;
        this.target = target;
        this.variant = target.name();
        this.storm = storm;
        this.dir = dir;
        this.console = console;
    }

    Result run() {
        plan.scenario().awaitDrained(system, target, DRAIN_TIMEOUT);
        List<Double> stormWarmUpRps = List.of();
        if (storm) {
            stormWarmUpRps = StormWarmUp.untilSteady(target, VariantRequest.First.of(plan.scenario().mix()),
                    plan.storm(), plan.requestTimeout(), plan.maxRequests(), console);
            plan.scenario().awaitDrained(system, target, DRAIN_TIMEOUT);
        }
        List<EpisodeRunner.Stage> stages = storm ? plan.stormStages() : plan.stages();
        EpisodeRunner.Outcome outcome;
        List<ProcessSample> underLoad;
        List<Monitor.HealthProbe> health;
        List<Monitor.Gauges> gauges;
        Monitor.Processes processes = Monitor.Processes.of(system, List.of(target));
        try (Monitor monitor = Monitor.start(processes, target, Duration.ofSeconds(1), null,
                Duration.ofMillis(100), Duration.ofMillis(250))) {
            outcome = EpisodeRunner.run(system, plan.scenario().mix(), List.of(target), stages,
                    plan.requestTimeout(), plan.maxRequests(), dir, (index, stage) -> index == 0 ? null : stage.action());
            underLoad = monitor.processSamples();
            health = monitor.health();
            gauges = monitor.gauges();
        }
        boolean alive = system.alive();
        List<ProcessSample> restAfter = List.of();
        if (alive) {
            plan.scenario().awaitDrained(system, target, DRAIN_TIMEOUT);
            restAfter = Monitor.snapshot(processes, true, false);
        }
        return analyse(stages, outcome, underLoad, health, gauges, alive, restAfter, stormWarmUpRps);
    }

    private Result analyse(List<EpisodeRunner.Stage> stages, EpisodeRunner.Outcome outcome,
                           List<ProcessSample> underLoad, List<Monitor.HealthProbe> health,
                           List<Monitor.Gauges> gauges, boolean alive, List<ProcessSample> restAfter,
                           List<Double> stormWarmUpRps) {
        // Every request carries the stage whose population injected it: stages are counted by that, exactly; the
        // edges (planned offsets from the first request) only place the stages on the timeline.
        long zero = outcome.startEpochMs();
        long end = zero + EpisodeRunner.total(stages).toMillis();
        RequestLog log = outcome.requests();
        String overloadName = storm ? OverloadCommand.STORM : OverloadCommand.OVERLOAD;
        RequestLog overload = log.ofStage(overloadName);
        EpisodeRunner.Stage overloadStage = stages.stream().filter(st -> st.name().equals(overloadName))
                .findFirst().orElseThrow();
        long overloadStart = zero;
        for (EpisodeRunner.Stage stage : stages.subList(0, stages.indexOf(overloadStage))) {
            overloadStart += stage.length().toMillis();
        }
        long overloadEnd = overload.lastSentAt().orElse(overloadStart + overloadStage.length().toMillis());
        // the warm-up burst is shown, not judged (except that its failures too must be 503s)
        long judgedFrom = zero + (stages.getFirst().name().equals(OverloadCommand.WARM_UP)
                ? stages.getFirst().length().toMillis() : 0);

        List<ReliabilityResult.Stage> stageResults = new ArrayList<>();
        List<ReliabilityResult.Event> events = new ArrayList<>();
        long planned = 0;
        for (EpisodeRunner.Stage stage : stages) {
            RequestLog sent = log.ofStage(stage.name());
            String action = stage.action();
            events.add(new ReliabilityResult.Event(planned, stage.name() + ": " + action));
            stageResults.add(new ReliabilityResult.Stage(stage.name(), planned, planned,
                    planned + stage.length().toMillis(), stage.rateRps(), action, sent.count(), sent.ok(),
                    sent.koByCause(), Map.of(), sent.latency(RequestLog.Request::ok), sent.latency(r -> !r.ok())));
            planned += stage.length().toMillis();
        }

        List<Check> checks = new ArrayList<>();
        String prefix = storm ? "storm-" : "";
        long shed = overload.withCause("status 503");
        double overloadSeconds = overloadStage.length().toMillis() / 1000.0;
        double okRps = overload.ok() / overloadSeconds;
        double minGoodput = storm ? plan.storm().minGoodput() : plan.limits().minGoodput();
        checks.add(Checks.of(prefix + "sheds-with-503", variant, shed + " of " + overload.count() + " shed ("
                        + Checks.num(100.0 * shed / Math.max(1, overload.count())) + "%, "
                        + Checks.num(overload.count() / overloadSeconds) + " req/s offered), "
                        + Checks.num(okRps) + " OK req/s of " + Checks.num(plan.capacityRps(variant)) + " capacity",
                "503s > 0 and OK ≥ " + Checks.num(minGoodput * 100) + "% of capacity",
                shed > 0 && okRps >= minGoodput * plan.capacityRps(variant)));

        // the storm is judged on its own requests; the open model on the whole episode (its warm-up included)
        Map<String, Long> others = new TreeMap<>((storm ? overload : log).koByCause());
        others.remove("status 503");
        checks.add(Checks.of(prefix + "only-503s", variant, "other failures: " + Checks.causes(others)
                        + (storm ? " (timeouts: " + overload.withCause("timeout") + ")" : ""),
                storm ? "none, no client timeout" : "none", others.isEmpty()));

        ReliabilityResult.Latency shedLatency = overload.latency(r -> r.status() == 503);
        checks.add(Checks.of(prefix + "fast-503", variant, "503 p99 " + Checks.ms(shedLatency.p99()) + ", max "
                + Checks.ms(shedLatency.max()), "p99 ≤ " + Checks.ms(plan.limits().fast503().toMillis()),
                shedLatency.count() > 0 && shedLatency.p99() <= plan.limits().fast503().toMillis()));

        ReliabilityResult.Latency okLatency = overload.latency(RequestLog.Request::ok);
        if (!storm) {
            double okLimit = plan.okBoundMs(variant) * 1.5 + plan.limits().latencySlack().toMillis();
            checks.add(Checks.of("bounded-latency", variant, "OK p99 " + Checks.ms(okLatency.p99()) + ", max "
                            + Checks.ms(okLatency.max()),
                    "p99 ≤ " + Checks.ms(Math.round(okLimit)) + " (" + ("blocking".equals(variant)
                            ? "queue wait + " : "") + "upstream path " + Checks.ms(plan.okBoundMs(variant))
                            + " × 1.5 + slack)",
                    okLatency.p99() <= okLimit));
        }

        double maxInFlight = max(gauges, g -> g.inFlight().getOrDefault(variant, 0.0));
        double maxQueue = max(gauges, Monitor.Gauges::queueDepth);
        double maxActive = max(gauges, Monitor.Gauges::activeThreads);
        if (!target.labService()) {
            // a service of anyone's has no gauges the lab can read: not judged, and the figures say so
        } else if (plan.blockingPool(variant)) {
            checks.add(Checks.of(prefix + "within-bounds", variant, "pool threads busy ≤ " + Checks.num(maxActive)
                            + ", queue ≤ " + Checks.num(maxQueue) + " (" + gauges.size() + " readings)",
                    "pool ≤ " + plan.bounds().poolSize() + ", queue ≤ " + plan.bounds().queueSize(),
                    !gauges.isEmpty() && maxActive <= plan.bounds().poolSize() && maxQueue <= plan.bounds().queueSize()));
        } else {
            checks.add(Checks.of(prefix + "within-bounds", variant, "in flight ≤ " + Checks.num(maxInFlight) + " ("
                    + gauges.size() + " readings)", "≤ " + plan.bounds().maxInFlight(),
                    !gauges.isEmpty() && maxInFlight <= plan.bounds().maxInFlight()));
        }

        boolean outOfMemory = logMentions("OutOfMemoryError");
        String process = Monitor.processName(target);
        Double heapAfter = restAfter.stream().filter(s -> process.equals(s.process()))
                .map(ProcessSample::heapAfterGcMb).filter(h -> h != null).findFirst().orElse(null);
        double maxRss = underLoad.stream().filter(s -> process.equals(s.process()))
                .mapToDouble(ProcessSample::rssMb).max().orElse(0);
        checks.add(Checks.of(prefix + "no-oom", variant, (alive ? "service alive" : "service GONE")
                        + (outOfMemory ? ", OutOfMemoryError in its log" : ", no OutOfMemoryError")
                        + ", RSS ≤ " + Checks.num(maxRss) + " MB, heap after GC " + (heapAfter == null ? "-"
                        : Checks.num(heapAfter) + " MB") + (target.labService() ? " of -Xmx" + plan.bounds().heap() : ""),
                "alive, no OutOfMemoryError", alive && !outOfMemory));

        double[] healthMs = health.stream().filter(p -> p.epochMs() >= judgedFrom && p.epochMs() < end)
                .mapToDouble(Monitor.HealthProbe::ms).sorted().toArray();
        long healthFailed = health.stream().filter(p -> p.epochMs() >= judgedFrom && p.epochMs() < end)
                .filter(p -> p.status() < 200 || p.status() > 299).count();
        double healthP99 = percentile(healthMs, 99);
        double healthMax = healthMs.length == 0 ? 0 : healthMs[healthMs.length - 1];
        if (target.health() != null) { // a variant that gives no health URL cannot be probed
            checks.add(Checks.of(prefix + "health", variant, healthMs.length + " probes on new connections, "
                            + healthFailed + " failed, p50 " + Checks.ms(percentile(healthMs, 50)) + ", p99 "
                            + Checks.ms(healthP99) + ", max " + Checks.ms(healthMax),
                    "all 2xx, p99 ≤ " + Checks.ms(plan.limits().healthP99().toMillis()) + ", max ≤ "
                            + Checks.ms(plan.limits().healthMax().toMillis()),
                    healthMs.length > 0 && healthFailed == 0 && healthP99 <= plan.limits().healthP99().toMillis()
                            && healthMax <= plan.limits().healthMax().toMillis()));
        }

        // recovery: the calm stage after the overload, from the last overload request on
        RequestLog afterwards = log.ofStage(stages.getLast().name()).sentBetween(overloadEnd, Long.MAX_VALUE);
        RequestLog late = afterwards.sentBetween(overloadEnd + plan.limits().recoverWithin().toMillis(), Long.MAX_VALUE);
        long recoveredMs = afterwards.lastFailureSentAt().stream().map(t -> t - overloadEnd).findFirst().orElse(0);
        checks.add(Checks.of(prefix + "recovery", variant, afterwards.lastFailureSentAt().isPresent()
                        ? "last failure sent " + Checks.ms(recoveredMs) + " after the last overload request"
                        + (late.count() > late.ok() ? " (" + (late.count() - late.ok()) + " past the limit)" : "")
                        : "no failure after the overload",
                "error-free within " + Checks.ms(plan.limits().recoverWithin().toMillis()),
                late.count() > 0 && late.count() == late.ok()));

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("offeredRps", Math.round(overload.count() / overloadSeconds * 10) / 10.0);
        if (storm) {
            figures.put("stormKeepAliveUsers", overloadStage.keepAliveUsers());
            figures.put("stormNewConnectionUsers", overloadStage.newConnectionUsers());
            figures.put("stormTimeouts", overload.withCause("timeout"));
            figures.put("stormWarmUpRps", stormWarmUpRps.stream().map(Math::round).toList());
        }
        figures.put("capacityRps", Math.round(plan.capacityRps(variant) * 10) / 10.0);
        figures.put("overloadSent", overload.count());
        figures.put("overloadOkRps", Math.round(okRps * 10) / 10.0);
        figures.put("overloadShed", shed);
        figures.put("overloadOkLatencyMs", okLatency);
        figures.put("overload503LatencyMs", shedLatency);
        figures.put("gauges", target.labService() ? "the lab's service" : "none: not the lab's service");
        figures.put("healthUrl", target.health() == null ? "none: the scenario gives no ready http path"
                : target.health().toString());
        figures.put("maxInFlight", maxInFlight);
        figures.put("maxQueueDepth", maxQueue);
        figures.put("maxPoolBusy", maxActive);
        figures.put("healthProbes", healthMs.length);
        figures.put("healthFailed", healthFailed);
        figures.put("healthP50Ms", percentile(healthMs, 50));
        figures.put("healthP99Ms", healthP99);
        figures.put("healthMaxMs", healthMax);
        figures.put("serviceAlive", alive);
        figures.put("serviceMaxRssMb", maxRss);
        figures.put("serviceHeapAfterGcMb", heapAfter);
        figures.put("recoveredMs", recoveredMs);

        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("healthMaxMs", perSecond(zero, end, health, Monitor.HealthProbe::epochMs, Monitor.HealthProbe::ms));
        series.put("inFlight", perSecond(zero, end, gauges, Monitor.Gauges::epochMs, plan.blockingPool(variant)
                ? g -> g.queueDepth() + g.activeThreads() : g -> g.inFlight().getOrDefault(variant, 0.0)));

        List<ProcessSample> samples = new ArrayList<>(underLoad);
        samples.addAll(restAfter);
        ReliabilityResult.Episode episode = new ReliabilityResult.Episode(variant, zero, stageResults,
                log.timeline(zero, end - zero, 1000), events, figures, series,
                outcome.gatlingReport() == null ? null : dir.getParent().getParent().relativize(dir).resolve(
                        outcome.gatlingReport()).toString(),
                storm ? ReliabilityResult.Episode.RETRY_STORM : ReliabilityResult.Episode.OPEN_MODEL);
        return new Result(episode, samples, checks);
    }

    private boolean logMentions(String text) {
        try {
            return Files.readString(target.log()).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static <T> double max(List<T> values, ToDoubleFunction<T> metric) {
        return values.stream().mapToDouble(metric).max().orElse(0);
    }

    /** The highest value in each second from zero (null where there was no reading). */
    private static <T> List<Double> perSecond(long zero, long end, List<T> readings,
                                              java.util.function.ToLongFunction<T> time, ToDoubleFunction<T> value) {
        int seconds = (int) Math.max(1, (end - zero + 999) / 1000);
        Double[] max = new Double[seconds];
        for (T reading : readings) {
            long offset = time.applyAsLong(reading) - zero;
            if (offset >= 0 && offset < seconds * 1000L) {
                int s = (int) (offset / 1000);
                double v = value.applyAsDouble(reading);
                max[s] = max[s] == null ? v : Math.max(max[s], v);
            }
        }
        return Arrays.asList(max);
    }

    /** The value at a rank (nearest-rank definition) of sorted values; 0 when empty. */
    static double percentile(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
