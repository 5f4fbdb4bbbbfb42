package dev.loadlab.lab.reliability;

import dev.loadlab.lab.run.ChildProcess;
import dev.loadlab.lab.run.EmbeddedSystem;
import dev.loadlab.lab.run.GatlingPoint;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.run.VariantRequest;
import dev.loadlab.simulations.EpisodeSimulation;
import dev.loadlab.simulations.LoadParameters;
import dev.loadlab.simulations.RequestMix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs one {@link EpisodeSimulation} in its own Gatling JVM (the same launcher as every point,
 * {@link GatlingPoint#command}) and, on the clock the simulation publishes with its first request, calls back at
 * the start of each stage so the scenario can change the system (faults on and off) at known instants. A retry
 * storm stage is a pause to Gatling: the lab storms with its own client ({@link RetryStorm}) on the same clock, and
 * its requests join the simulation's in one log. Bounded in time (the simulation's own maximum duration, then a hard
 * timeout here) and in requests.
 */
final class EpisodeRunner {

    private static final String SIMULATION = EpisodeSimulation.class.getName();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /**
     * One stage: a file-safe name, its length, its arrival rate (0 = no open-model requests), and the closed-loop
     * users of a retry storm: over kept-alive connections, and on a new connection per request.
     */
    record Stage(String name, Duration length, double rateRps, int keepAliveUsers, int newConnectionUsers) {

        /** An open-model stage. */
        Stage(String name, Duration length, double rateRps) {
            this(name, length, rateRps, 0, 0);
        }

        /** A retry storm of closed-loop users and nothing else. */
        static Stage storm(String name, Duration length, int keepAliveUsers, int newConnectionUsers) {
            return new Stage(name, length, 0, keepAliveUsers, newConnectionUsers);
        }

        boolean storm() {
            return keepAliveUsers + newConnectionUsers > 0;
        }

        /** What the stage does, for the timeline. */
        String action() {
            String rate = "arrival rate " + Checks.num(rateRps) + " req/s";
            return !storm() ? rate : "retry storm: " + keepAliveUsers + " kept-alive + " + newConnectionUsers
                    + " new-connection users resending at once" + (rateRps > 0 ? ", beside an " + rate : "");
        }

        Stage {
            if (!name.matches("[a-z0-9-]{1,40}")) {
                throw new IllegalArgumentException("stage name '" + name + "' must be 1-40 of a-z, 0-9, '-'");
            }
            // Gatling spreads a constant arrival rate over whole seconds: a 1.5 s stage would inject 1.5 s worth
            // of users in its first second and then pause.
            if (keepAliveUsers < 0 || newConnectionUsers < 0) {
                throw new IllegalArgumentException("stage " + name + ": negative user counts");
            }
            if ((rateRps > 0 || keepAliveUsers + newConnectionUsers > 0)
                    && (length.toMillis() % 1000 != 0 || length.isZero())) {
                throw new LabException("stage " + name + " lasts " + length.toMillis() + " ms: use whole seconds"
                        + " (e.g. 2s), the load generator spreads its arrival rate over whole seconds");
            }
        }
    }

    /** What the scenario does at stage edges; both run on the lab's thread, on time. */
    interface Actions {
        /** The stage has begun (index from 0); the returned text (or null) is recorded as the stage's action. */
        String stageStarts(int index, Stage stage);

        /** The last stage is over (the simulation may still be waiting for its last responses). */
        default void stagesOver() {
        }
    }

    /**
     * What an episode left behind.
     *
     * @param startEpochMs    the first request: zero of every offset
     * @param stageStartMs    when each stage's action was done (epoch ms, after the stub acknowledged it)
     * @param actions         the text each stage's action returned
     * @param gatlingReport   the Gatling HTML report, relative to the episode folder
     */
    record Outcome(long startEpochMs, List<Long> stageStartMs, List<String> actions, RequestLog requests,
                   String gatlingReport) {
    }

    private EpisodeRunner() {
    }

    /**
     * @param mix      what every request is: the scenario's requests, sent to each target's base URL in turn
     * @param targets  the variants requests take turns over
     */
    static Outcome run(EmbeddedSystem system, RequestMix mix, List<ReliabilityScenario.Target> targets,
                       List<Stage> stages, Duration requestTimeout, long maxRequests, Path dir, Actions actions) {
        if (stages.stream().map(Stage::name).distinct().count() != stages.size()) {
            throw new IllegalArgumentException("stage names must be unique: " + stages);
        }
        Path recording = dir.resolve("recording");
        Path requests = dir.resolve("requests.json");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        mix.write(requests);
        // No levels or rates: the episode's load is its stages. The CPU the recorder samples is the variant's
        // process when there is one.
        List<Long> pids = targets.stream().map(ReliabilityScenario.Target::pid).distinct().toList();
        LoadParameters parameters = new LoadParameters(targets.getFirst().url(), mix.label(), List.of(), List.of(),
                Duration.ZERO, total(stages), requestTimeout, recording,
                pids.size() == 1 ? OptionalLong.of(pids.getFirst()) : OptionalLong.empty(),
                OptionalLong.of(system.stubPid()), maxRequests, Optional.empty(), Optional.of(requests));
        Map<String, String> properties = new LinkedHashMap<>(parameters.toSystemProperties());
        properties.put(EpisodeSimulation.VARIANTS_PROPERTY, targets.stream().map(t -> t.name() + "=" + t.url())
                .collect(Collectors.joining(",")));
        // a storm stage is a pause to Gatling: the lab's own client storms (RetryStorm)
        properties.put(EpisodeSimulation.STAGES_PROPERTY, stages.stream().map(s -> s.name() + ":"
                + seconds(s.length()) + ":" + String.format(Locale.ROOT, "%.3f", s.rateRps()))
                .collect(Collectors.joining(",")));
        String description = "episode " + targets.stream().map(ReliabilityScenario.Target::name)
                .collect(Collectors.joining("+"));
        ChildProcess gatling = ChildProcess.start("gatling " + description,
                GatlingPoint.command(SIMULATION, properties, dir.resolve("gatling-raw"), description),
                dir.resolve("gatling.log"));
        List<RetryStorm> storms = new ArrayList<>();
        try {
            long start = awaitStart(gatling, recording.resolve(EpisodeSimulation.STARTED));
            List<Long> stageStarts = new ArrayList<>();
            List<String> done = new ArrayList<>();
            long offset = 0;
            for (int i = 0; i < stages.size(); i++) {
                Stage stage = stages.get(i);
                sleepUntil(start + offset);
                requireAlive(gatling);
                done.add(actions.stageStarts(i, stage));
                stageStarts.add(System.currentTimeMillis());
                if (stage.storm()) {
                    storms.add(RetryStorm.start(stage, targets, VariantRequest.First.of(mix), requestTimeout,
                            maxRequests));
                }
                offset += stage.length().toMillis();
            }
            sleepUntil(start + offset);
            actions.stagesOver();
            int exit = gatling.waitFor(requestTimeout.plusSeconds(90));
            Path log = recording.resolve(EpisodeSimulation.REQUEST_LOG);
            if (exit != 0 || !Files.isRegularFile(log)) {
                throw new LabException("the Gatling episode failed (exit " + exit + "): " + gatling.lastLines(3)
                        + " (log: " + gatling.log() + ")");
            }
            List<RequestLog.Request> stormRequests = new ArrayList<>();
            storms.forEach(storm -> stormRequests.addAll(storm.await()));
            return new Outcome(start, stageStarts, done, RequestLog.read(log).with(stormRequests), moveReport(dir));
        } finally {
            storms.forEach(RetryStorm::close);
            gatling.close();
        }
    }

    /**
     * Fails at once, not at the end of the schedule, when the load generator is gone. (A service that dies is a
     * finding the scenario reports, e.g. overload's no-oom check, so it is not checked here.)
     */
    private static void requireAlive(ChildProcess gatling) {
        if (!gatling.isAlive()) {
            throw new LabException("the Gatling episode exited early: " + gatling.lastLines(3) + " (log: "
                    + gatling.log() + ")");
        }
    }

    static Duration total(List<Stage> stages) {
        return stages.stream().map(Stage::length).reduce(Duration.ZERO, Duration::plus);
    }

    private static long awaitStart(ChildProcess gatling, Path marker) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Files.isRegularFile(marker)) {
                    return Long.parseLong(Files.readString(marker).trim());
                }
            } catch (IOException | NumberFormatException e) {
                // being written (atomically, so this is only a race with the rename)
            }
            if (!gatling.isAlive()) {
                throw new LabException("the Gatling episode exited before its first request: " + gatling.lastLines(3)
                        + " (log: " + gatling.log() + ")");
            }
            sleep(5);
        }
        throw new LabException("the Gatling episode sent no request within " + START_TIMEOUT.toSeconds() + " s (log: "
                + gatling.log() + ")");
    }

    /** {@code gatling-raw/<simulation>-<timestamp>/} becomes {@code gatling/}; returns its index relative to dir. */
    private static String moveReport(Path dir) {
        Path raw = dir.resolve("gatling-raw");
        try (Stream<Path> reports = Files.list(raw)) {
            Path report = reports.filter(Files::isDirectory).max(Comparator.naturalOrder()).orElse(null);
            if (report == null) {
                return null;
            }
            Files.move(report, dir.resolve("gatling"));
            Files.delete(raw);
            return "gatling/index.html";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the Gatling report from " + raw, e);
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    static void sleepUntil(long epochMs) {
        long wait = epochMs - System.currentTimeMillis();
        if (wait > 0) {
            sleep(wait);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted", e);
        }
    }
}
