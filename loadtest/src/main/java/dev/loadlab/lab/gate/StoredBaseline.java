package dev.loadlab.lab.gate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import dev.loadlab.lab.run.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A baseline file ({@code results/baselines/<name>.json}), written only by {@code ./lab baseline save}: the
 * trials of one side of one run (per repeat: throughput, p99 and service CPU per request for each mode and
 * level), the workload and service config they were measured with, and the machine.
 * <p>
 * Two uses. In an A/B gate run its {@code serviceConfig} shapes A. Without A/B its trials are what B is
 * compared with: that also compares two moments, maybe two machines, so it is the weaker comparison.
 */
public record StoredBaseline(int schemaVersion, String name, String savedAt, String note, Source source,
                             Summary.Environment environment, Workload workload, Map<String, String> serviceConfig,
                             List<Trial> trials) {

    public static final int SCHEMA_VERSION = 1;
    static final String NOTE = "Written by ./lab baseline save; nothing else changes it. The gate compares B with"
            + " these trials only without A/B (--no-ab): that also compares machines and moments, so prefer the"
            + " interleaved A/B gate, which uses this file for A's service config.";

    /** The run the trials come from. */
    public record Source(String runId, String side, String gitCommit, String command, String startedAt) {
    }

    /** What was run: a different workload measures something else, so the gate refuses to compare. */
    public record Workload(String endpoint, String latencyProfile, Map<String, Double> upstreamLatencyMs,
                           double warmupSeconds, double measureSeconds, int repeats) {
    }

    /** The baseline of one side of a complete run. */
    public static StoredBaseline fromRun(String name, Path runDir, String side) {
        GateData data = GateData.of(runDir, null, null);
        Summary summary = data.summary();
        List<Trial> trials = selectSide(data, side);
        if (trials.isEmpty()) {
            throw new LabException("run " + runDir + " has no closed-model points of side '" + side + "' to save");
        }
        GateSetup setup = GateSetup.read(runDir);
        Map<String, String> serviceConfig = new LinkedHashMap<>();
        String gitCommit = summary.run().gitCommit();
        if (setup != null && setup.sides().containsKey(side)) {
            serviceConfig.putAll(setup.sides().get(side).serviceConfig());
            gitCommit = setup.sides().get(side).gitCommit();
        } else if (summary.config().blockingPoolSize() != null) {
            serviceConfig.put("blocking.pool-size", String.valueOf(summary.config().blockingPoolSize()));
            serviceConfig.put("blocking.queue-size", String.valueOf(summary.config().blockingQueueSize()));
        }
        Summary.RunConfig c = summary.config();
        return new StoredBaseline(SCHEMA_VERSION, name, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                NOTE, new Source(summary.run().id(), side, gitCommit, summary.run().command(), summary.run().startedAt()),
                summary.run().environment(),
                new Workload(c.endpoint(), c.latencyProfile(), c.upstreamLatencyMs(), c.warmupSeconds(),
                        c.measureSeconds(), c.repeats()),
                serviceConfig, trials);
    }

    private static List<Trial> selectSide(GateData data, String side) {
        return Trial.HEAD.equals(side) ? data.head() : data.base();
    }

    public static StoredBaseline read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LabException("baseline " + file + " does not exist; write one with ./lab baseline save <name>"
                    + " --from <run>");
        }
        try {
            StoredBaseline baseline = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(file.toFile(), StoredBaseline.class);
            if (baseline.schemaVersion() != SCHEMA_VERSION || baseline.trials() == null
                    || baseline.workload() == null) {
                throw new LabException("baseline " + file + " is not a loadlab baseline of schema " + SCHEMA_VERSION
                        + "; save it again with ./lab baseline save");
            }
            return baseline;
        } catch (IOException e) {
            throw new LabException("baseline " + file + " is not a loadlab baseline ("
                    + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new LabException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        SummaryFiles.writeJson(file, this);
    }

    /** Refuses (exit 2) to compare a run with a baseline of another workload. */
    void checkComparable(Summary.RunConfig run, String file) {
        if (!Objects.equals(run.endpoint(), workload.endpoint())
                || !Objects.equals(run.latencyProfile(), workload.latencyProfile())
                || !Objects.equals(run.upstreamLatencyMs(), workload.upstreamLatencyMs())) {
            throw new LabException("baseline " + file + " measured another workload (endpoint "
                    + workload.endpoint() + ", " + workload.latencyProfile() + " " + workload.upstreamLatencyMs()
                    + " ms) than this run (endpoint " + run.endpoint() + ", " + run.latencyProfile() + " "
                    + run.upstreamLatencyMs() + " ms); save a baseline from a run of these rules");
        }
    }
}
