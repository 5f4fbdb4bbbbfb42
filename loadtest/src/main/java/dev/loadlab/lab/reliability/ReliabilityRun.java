package dev.loadlab.lab.reliability;

import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.run.RunLifecycle;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The run of one reliability scenario: {@code reliability.json} in a run folder whose life is {@link RunLifecycle}'s
 * (incomplete from the first instant, complete only once every check has a verdict, children stopped whatever
 * happens). {@code results/latest} is left alone: it points at comparison runs.
 */
final class ReliabilityRun {

    private final RunLifecycle<ReliabilityResult> lifecycle;

    private ReliabilityRun(RunLifecycle<ReliabilityResult> lifecycle) {
        this.lifecycle = lifecycle;
    }

    /**
     * Creates the folder, runs {@code body} (which returns the checks) and marks the run complete; returns the run
     * folder. The body may update the result as it goes ({@link #update}).
     */
    static Path execute(Path resultsDir, String name, String kind, String commandLine, Map<String, Object> config,
                        PrintStream console, Function<ReliabilityRun, List<ReliabilityResult.Check>> body) {
        RunLifecycle<ReliabilityResult> lifecycle = RunLifecycle.create(resultsDir, name, commandLine,
                ReliabilityResult.FILE, info -> new ReliabilityResult(ReliabilityResult.SCHEMA_VERSION, kind, info,
                        config, List.of(), List.of(), List.of(), null));
        return lifecycle.execute(console, run -> {
            List<ReliabilityResult.Check> checks = body.apply(new ReliabilityRun(run));
            run.update(r -> r.withChecks(checks));
            return run.dir();
        });
    }

    Path dir() {
        return lifecycle.dir();
    }

    /** Changes the result and rewrites reliability.json atomically. */
    void update(UnaryOperator<ReliabilityResult> change) {
        lifecycle.update(change);
    }

    /** Adds a finished episode and its process samples to the result; prints the checks it failed. */
    void addEpisode(ReliabilityResult.Episode episode, List<ReliabilityResult.ProcessSample> samples,
                    List<ReliabilityResult.Check> checks, PrintStream console) {
        update(r -> {
            List<ReliabilityResult.Episode> episodes = new ArrayList<>(r.episodes());
            episodes.add(episode);
            List<ReliabilityResult.ProcessSample> allSamples = new ArrayList<>(r.samples());
            allSamples.addAll(samples);
            return r.withEpisodes(episodes).withSamples(allSamples);
        });
        checks.stream().filter(c -> !c.passed()).forEach(c -> console.printf("  FAIL %s: %s (limit %s)%n", c.name(),
                c.measured(), c.limit()));
    }
}
