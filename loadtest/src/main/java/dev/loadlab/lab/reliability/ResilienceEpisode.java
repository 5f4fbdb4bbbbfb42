package dev.loadlab.lab.reliability;

import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.results.ReliabilityResult.Check;
import dev.loadlab.lab.results.ReliabilityResult.ProcessSample;
import dev.loadlab.lab.run.EmbeddedSystem;
import dev.loadlab.lab.run.LabException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * One variant's fault episode: faults on and off at stage edges while the load runs, then the accounting.
 *
 * <p>Fault accounting is exact. The stub counts every fault it injects; the lab reads that count just before it
 * turns a stage's faults on and just after it turns them off, so the difference is exactly what the stage injected.
 * Faults go only to upstreams every request calls once and alone ({@link ReliabilityScenario#faultableUpstreams}),
 * so one request meets at most one fault (a failed call ends the request), and the service must have answered
 * exactly as many 502s as non-slow faults were injected and as many 504s as slow ones (the scenario may name other
 * statuses), and nothing else may have failed. A reset is the one fault a client may absorb by resending. Requests are counted by send time; a request sent just before a stage edge can
 * meet the next stage's faults, which moves a few between neighbouring stages but never changes the totals.
 */
final class ResilienceEpisode {

    /** What the episode produced. */
    record Result(ReliabilityResult.Episode episode, List<ProcessSample> samples, List<Check> checks) {
    }

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

    private final ResilienceCommand.Plan plan;
    private final EmbeddedSystem system;
    private final StubAdmin stub;
    private final ReliabilityScenario.Target target;
    private final String variant;
    private final Path dir;

    ResilienceEpisode(ResilienceCommand.Plan plan, EmbeddedSystem system, StubAdmin stub,
                      ReliabilityScenario.Target target, Path dir) {
        this.plan = plan;
        this.system = system;
        this.stub = stub;
        this.target = target;
        this.variant = target.name();
        this.dir = dir;
    }

    Result run() {
        plan.scenario().awaitDrained(system, target, DRAIN_TIMEOUT);
        stub.reset();
        Monitor.Processes processes = Monitor.Processes.of(system, List.of(target));
        List<ProcessSample> restBefore = Monitor.snapshot(processes, true, false);

        List<EpisodeRunner.Stage> stages = plan.stages();
        long[] appliedAt = new long[stages.size()];
        Map<Integer, Map<String, Long>> countsOn = new TreeMap<>();
        Map<Integer, Map<String, Long>> injected = new TreeMap<>();
        EpisodeRunner.Actions actions = (index, stage) -> {
            if (index == 0) {
                appliedAt[index] = System.currentTimeMillis();
                return null;
            }
            if (ResilienceCommand.FAULTS.contains(stage.name())) {
                countsOn.put(index, stub.injected());
                String change = plan.faultConfig(stage.name(), variant);
                stub.apply(change);
                appliedAt[index] = System.currentTimeMillis();
                return change;
            }
            stub.reset();
            appliedAt[index] = System.currentTimeMillis();
            injected.put(index - 1, StubAdmin.difference(countsOn.get(index - 1), stub.injected()));
            return "faults off (stub config reset)";
        };
        EpisodeRunner.Outcome outcome;
        List<ProcessSample> underLoad;
        try (Monitor monitor = Monitor.start(processes, null, Duration.ofSeconds(1), null, null, null)) {
            outcome = EpisodeRunner.run(system, plan.scenario().mix(), List.of(target), stages,
                    plan.requestTimeout(), plan.maxRequests(), dir, actions);
            underLoad = monitor.processSamples();
        } finally {
            if (system.alive()) {
                stub.reset();
            }
        }
        if (!system.alive()) {
            throw new LabException("the service or the stub upstreams exited during the " + variant + " episode; see"
                    + " their logs in the run folder's logs/");
        }
        plan.scenario().awaitDrained(system, target, DRAIN_TIMEOUT);
        List<ProcessSample> restAfter = Monitor.snapshot(processes, true, false);
        appliedAt[0] = outcome.startEpochMs();
        return analyse(stages, appliedAt, injected, outcome, underLoad, restBefore, restAfter);
    }

    private Result analyse(List<EpisodeRunner.Stage> stages, long[] appliedAt, Map<Integer, Map<String, Long>> injected,
                           EpisodeRunner.Outcome outcome, List<ProcessSample> underLoad, List<ProcessSample> restBefore,
                           List<ProcessSample> restAfter) {
        long zero = outcome.startEpochMs();
        long end = zero + EpisodeRunner.total(stages).toMillis();
        RequestLog log = outcome.requests();

        List<ReliabilityResult.Stage> stageResults = new ArrayList<>();
        List<ReliabilityResult.Event> events = new ArrayList<>();
        long planned = 0;
        for (int i = 0; i < stages.size(); i++) {
            if (i > 0) {
                planned += stages.get(i - 1).length().toMillis();
            }
            long from = appliedAt[i];
            long until = i + 1 < stages.size() ? appliedAt[i + 1] : end;
            RequestLog sent = log.sentBetween(i == 0 ? Long.MIN_VALUE : from, i + 1 < stages.size() ? until
                    : Long.MAX_VALUE);
            String action = outcome.actions().get(i);
            if (action != null) {
                events.add(new ReliabilityResult.Event(from - zero, stages.get(i).name() + ": " + action));
            }
            stageResults.add(new ReliabilityResult.Stage(stages.get(i).name(), planned, from - zero, until - zero,
                    stages.get(i).rateRps(), action, sent.count(), sent.ok(), sent.koByCause(),
                    injected.getOrDefault(i, Map.of()), sent.latency(RequestLog.Request::ok),
                    sent.latency(r -> !r.ok())));
        }

        List<Check> checks = new ArrayList<>();
        long injectedErrors = 0;
        long injectedResets = 0;
        long injectedSlow = 0;
        for (Map<String, Long> stage : injected.values()) {
            for (Map.Entry<String, Long> e : stage.entrySet()) {
                if (e.getKey().endsWith(":slow")) {
                    injectedSlow += e.getValue();
                } else {
                    injectedErrors += e.getValue();
                    injectedResets += e.getKey().endsWith(":reset") ? e.getValue() : 0;
                }
            }
        }
        // what the service answers a failed upstream call with: 502 and 504 unless the scenario says otherwise
        int errorStatus = plan.answers().status();
        int timeoutStatus = plan.answers().timeoutStatus();
        long answeredError = log.withCause("status " + errorStatus);
        long answeredTimeout = log.withCause("status " + timeoutStatus);
        // An HTTP client may resend an idempotent request on a connection reset (the JDK's does): a reset it
        // absorbs that way has no answer. Every other fault must have exactly one.
        long absorbed = injectedErrors - answeredError;
        checks.add(Checks.of("fault-answers", variant, answeredError + " × " + errorStatus + " for " + injectedErrors
                        + " injected 500/503/reset/malformed" + (injectedResets > 0 ? " (" + injectedResets
                        + " resets" + (absorbed > 0 ? ", " + absorbed + " absorbed by a retry" : "") + ")" : "")
                        + "; " + answeredTimeout + " × " + timeoutStatus + " for " + injectedSlow + " slow",
                "one mapped answer per injected fault (a reset may be retried instead)",
                absorbed >= 0 && absorbed <= injectedResets && answeredTimeout == injectedSlow));

        Map<String, Long> others = new TreeMap<>(log.koByCause());
        others.remove("status " + errorStatus);
        others.remove("status " + timeoutStatus);
        checks.add(Checks.of("no-other-errors", variant, log.count() + " sent, " + log.ok() + " OK; other failures: "
                + Checks.causes(others), "none", others.isEmpty()));

        long slowest = log.maxResponseMs();
        checks.add(Checks.of("no-hang", variant, "slowest response " + Checks.ms(slowest),
                "≤ " + Checks.ms(plan.hangBoundMs(variant)) + " (read timeout + upstream path + slack)",
                slowest <= plan.hangBoundMs(variant)));

        long recoveredMs = 0;
        String slowestRecovery = null;
        long lateFailures = 0;
        for (int i = 1; i < stages.size(); i++) {
            if (ResilienceCommand.FAULTS.contains(stages.get(i).name())) {
                continue;
            }
            long off = appliedAt[i];
            long until = i + 1 < stages.size() ? appliedAt[i + 1] - plan.recoveryMarginMs() : end;
            RequestLog calm = log.sentBetween(off, Math.max(off, until));
            java.util.OptionalLong last = calm.lastFailureSentAt();
            if (last.isPresent() && (slowestRecovery == null || last.getAsLong() - off > recoveredMs)) {
                recoveredMs = last.getAsLong() - off;
                slowestRecovery = stages.get(i - 1).name();
            }
            RequestLog late = calm.sentBetween(off + plan.recoverWithin().toMillis(), Long.MAX_VALUE);
            lateFailures += late.count() - late.ok();
        }
        checks.add(Checks.of("recovery", variant, slowestRecovery == null ? "no failure once faults were off"
                        : "last failure sent " + Checks.ms(recoveredMs) + " after " + slowestRecovery + " went off"
                        + (lateFailures > 0 ? " (" + lateFailures + " failures past the limit)" : ""),
                "error-free within " + Checks.ms(plan.recoverWithin().toMillis()), lateFailures == 0));

        // under load: the steady stage before any fault, and the second half of the recovery stage (with the few
        // samples taken while the last responses came in, so a short recovery stage still has some)
        long steadyUntil = appliedAt[1];
        long recoveryFrom = Math.min(appliedAt[stages.size() - 1] + plan.recovery().toMillis() / 2, end - 1000);
        String process = Monitor.processName(target);
        List<ProcessSample> service = underLoad.stream().filter(s -> process.equals(s.process())).toList();
        checks.add(plan.limits().check("threads", variant, GrowthLimits.THREADS,
                value(restBefore, process, ProcessSample::threads),
                value(restAfter, process, ProcessSample::threads)));
        checks.add(plan.limits().check("heap-after-gc", variant, GrowthLimits.HEAP,
                heap(restBefore, process), heap(restAfter, process)));
        checks.add(plan.limits().check("upstream-connections", variant, GrowthLimits.CONNECTIONS,
                median(service, zero, steadyUntil, ProcessSample::outbound),
                median(service, recoveryFrom, Long.MAX_VALUE, ProcessSample::outbound)));
        checks.add(plan.limits().check("open-files", variant, GrowthLimits.FDS,
                median(service, zero, steadyUntil, ProcessSample::fds),
                median(service, recoveryFrom, Long.MAX_VALUE, ProcessSample::fds)));

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("sent", log.count());
        figures.put("ok", log.ok());
        figures.put("answered" + errorStatus, answeredError);
        figures.put("answered" + timeoutStatus, answeredTimeout);
        figures.put("injectedErrorFaults", injectedErrors);
        figures.put("injectedSlowFaults", injectedSlow);
        figures.put("slowestResponseMs", slowest);
        figures.put("hangBoundMs", plan.hangBoundMs(variant));
        figures.put("recoveredMs", recoveredMs);
        figures.put("restBefore", restBefore);
        figures.put("restAfter", restAfter);

        List<ProcessSample> samples = new ArrayList<>(restBefore);
        samples.addAll(underLoad);
        samples.addAll(restAfter);
        ReliabilityResult.Episode episode = new ReliabilityResult.Episode(variant, zero, stageResults,
                log.timeline(zero, end - zero, 1000), events, figures, Map.of(),
                "episodes/" + variant + "/" + outcome.gatlingReport(), null);
        return new Result(episode, samples, checks);
    }

    private static double value(List<ProcessSample> samples, String process, ToDoubleFunction<ProcessSample> metric) {
        return samples.stream().filter(s -> process.equals(s.process())).mapToDouble(metric).findFirst().orElse(Double.NaN);
    }

    private static double heap(List<ProcessSample> samples, String process) {
        return samples.stream().filter(s -> process.equals(s.process()) && s.heapAfterGcMb() != null)
                .mapToDouble(ProcessSample::heapAfterGcMb).findFirst().orElse(Double.NaN);
    }

    private static double median(List<ProcessSample> samples, long from, long until,
                                 ToDoubleFunction<ProcessSample> metric) {
        return GrowthLimits.median(samples.stream().filter(s -> s.epochMs() >= from && s.epochMs() < until)
                .map(s -> metric.applyAsDouble(s)).toList());
    }
}
