package dev.loadlab.lab.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable result of a reliability scenario: {@code reliability.json} in its run folder (format in
 * results/README.md). {@code passed} is null while the run is going or when it did not finish.
 *
 * @param kind     {@code resilience}, {@code overload} or {@code soak}
 * @param config   the scenario's settings, as run
 * @param episodes one per variant (resilience, overload) or one for all variants together (soak)
 * @param samples  the service's and the stub's process statistics over time
 * @param checks   every check with what it measured and its tolerance
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReliabilityResult(int schemaVersion, String kind, Summary.RunInfo run, Map<String, Object> config,
                                List<Episode> episodes, List<ProcessSample> samples, List<Check> checks,
                                Boolean passed) implements RunRecord<ReliabilityResult> {

    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "reliability.json";

    /** Reads a run folder's reliability.json; IllegalArgumentException when there is none. */
    public static ReliabilityResult read(Path runDir) {
        Path file = Files.isDirectory(runDir) ? runDir.resolve(FILE) : runDir;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " does not exist: pass the run folder of ./lab resilience,"
                    + " overload or soak");
        }
        try {
            return SummaryFiles.JSON.readValue(file.toFile(), ReliabilityResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public ReliabilityResult withRun(Summary.RunInfo newRun) {
        return new ReliabilityResult(schemaVersion, kind, newRun, config, episodes, samples, checks, passed);
    }

    public ReliabilityResult withEpisodes(List<Episode> newEpisodes) {
        return new ReliabilityResult(schemaVersion, kind, run, config, newEpisodes, samples, checks, passed);
    }

    public ReliabilityResult withSamples(List<ProcessSample> newSamples) {
        return new ReliabilityResult(schemaVersion, kind, run, config, episodes, newSamples, checks, passed);
    }

    public ReliabilityResult withChecks(List<Check> newChecks) {
        return new ReliabilityResult(schemaVersion, kind, run, config, episodes, samples, newChecks,
                newChecks.stream().allMatch(Check::passed));
    }

    /**
     * One Gatling episode: stages back to back on one clock whose zero ({@code startEpochMs}) is the first request.
     *
     * @param variant  the service mode driven, or the modes joined with {@code +} when requests rotate over several
     * @param timeline requests per {@code bucketMs} by the time they were sent
     * @param events   what the lab did and when (faults on and off)
     * @param figures  scenario-specific numbers (health probe percentiles, highest in-flight, heap, recovery time)
     * @param series   scenario-specific per-bucket series for the charts (e.g. health probe ms)
     * @param adversary what drove the variant when a command has more than one kind of load (overload: "open
     *                  model" or "retry storm"), else null
     */
    public record Episode(String variant, long startEpochMs, List<Stage> stages, Timeline timeline,
                          List<Event> events, Map<String, Object> figures, Map<String, List<Double>> series,
                          String gatlingReport, String adversary) {

        public static final String OPEN_MODEL = "open model";
        public static final String RETRY_STORM = "retry storm";

        /** The variant, and the adversary where there is one: unique within a run. */
        public String label() {
            return adversary == null ? variant : variant + " · " + adversary;
        }
    }

    /**
     * One stage, counted by send time: requests sent from its start until the next stage starts.
     * {@code plannedOffsetMs} is where the schedule put it (the same for every variant); {@code startOffsetMs} when
     * the lab actually acted.
     *
     * @param action         what the lab changed at its start (a stub config, or null)
     * @param injectedFaults faults the stub injected while this stage's config was in force, {@code api:kind}
     * @param okLatencyMs    response times of OK requests; {@code koLatencyMs} of failed ones
     */
    public record Stage(String name, long plannedOffsetMs, long startOffsetMs, long endOffsetMs, double rateRps, String action, long sent,
                        long ok, Map<String, Long> koByCause, Map<String, Long> injectedFaults, Latency okLatencyMs,
                        Latency koLatencyMs) {
    }

    /** Response times in ms (percentiles of the recorded values; zeros when there are none). */
    public record Latency(long count, double p50, double p99, double max) {
    }

    /** Per bucket (by send time, from the episode's zero): OK responses, failed requests, and 503s among them. */
    public record Timeline(int bucketMs, List<Long> ok, List<Long> errors, List<Long> shed) {
    }

    public record Event(long offsetMs, String what) {
    }

    /**
     * The OS's view of one process at one instant ({@link ProcessStats}); {@code heapAfterGcMb} only on the samples
     * where a full GC was forced to measure it.
     */
    public record ProcessSample(long epochMs, String process, int threads, int fds, int established, int inbound,
                                int outbound, double rssMb, Double heapAfterGcMb) {
    }

    /**
     * One verdict. {@code measured} and {@code limit} are for people (with units); {@code variant} is null for a
     * check about the whole run.
     */
    public record Check(String name, String variant, String measured, String limit, boolean passed) {
    }
}
