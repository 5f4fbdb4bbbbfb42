package dev.loadlab.lab.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code injector.json}: what one injector (one process, one pod) was asked to run for one point and how it
 * ended, next to its recording and Gatling report. {@code ./lab inject} writes it as soon as it starts
 * ({@code running}), then {@code complete} or {@code failed}; {@code ./lab merge} reads it to check that the
 * injectors it merges ran the same point together, and to tell a missing or failed injector from a finished one.
 *
 * @param index          this injector, from 0 (Kubernetes' JOB_COMPLETION_INDEX); its folder is {@code injector-<index+1>}
 * @param injectors      how many injectors share the point
 * @param concurrency    the whole point's users (closed model), else null
 * @param rateRps        the whole point's arrival rate (open model), else null
 * @param shareConcurrency this injector's users
 * @param shareRateRps   this injector's rate
 * @param startAtEpochMs the agreed instant of the first request (null: as soon as ready)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InjectorManifest(int schemaVersion, String run, String pointId, String variant, String model,
                               Integer concurrency, Double rateRps, int repeat, int index, int injectors,
                               Integer shareConcurrency, Double shareRateRps, String endpoint, String target,
                               double warmupSeconds, double measureSeconds, double requestTimeoutSeconds,
                               String latencyProfile, Map<String, Double> upstreamLatencyMs,
                               Integer serviceReplicas, Long startAtEpochMs, String status, String reason,
                               String startedAt, String endedAt, String host, String gitCommit, String command,
                               Summary.Environment environment) {

    public static final String FILE = "injector.json";
    public static final int SCHEMA_VERSION = 1;
    public static final String RUNNING = "running";
    public static final String COMPLETE = "complete";
    public static final String FAILED = "failed";

    public InjectorManifest ended(String newStatus, String newReason, String endedAtIso) {
        return new InjectorManifest(schemaVersion, run, pointId, variant, model, concurrency, rateRps, repeat, index,
                injectors, shareConcurrency, shareRateRps, endpoint, target, warmupSeconds, measureSeconds,
                requestTimeoutSeconds, latencyProfile, upstreamLatencyMs, serviceReplicas, startAtEpochMs,
                newStatus, newReason, startedAt, endedAtIso, host, gitCommit, command, environment);
    }

    public InjectorManifest startingAt(long epochMs) {
        return new InjectorManifest(schemaVersion, run, pointId, variant, model, concurrency, rateRps, repeat, index,
                injectors, shareConcurrency, shareRateRps, endpoint, target, warmupSeconds, measureSeconds,
                requestTimeoutSeconds, latencyProfile, upstreamLatencyMs, serviceReplicas, epochMs, status, reason,
                startedAt, endedAt, host, gitCommit, command, environment);
    }

    public boolean closed() {
        return Summary.Point.CLOSED.equals(model);
    }

    /** The name the simulation recorded this injector's share under, e.g. {@code sun-c256}. */
    public String phaseName() {
        return endpoint + "-" + (closed() ? "c" + shareConcurrency : "r" + formatRate(shareRateRps));
    }

    /** The point's level as the point id writes it: {@code c512} or {@code r800}. */
    public String levelLabel() {
        return closed() ? "c" + concurrency : "r" + formatRate(rateRps);
    }

    public static InjectorManifest read(Path file) {
        try {
            return SummaryFiles.JSON.readValue(file.toFile(), InjectorManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not an injector manifest ("
                    + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    public void write(Path injectorDir) {
        try {
            Files.createDirectories(injectorDir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + injectorDir, e);
        }
        SummaryFiles.writeJson(injectorDir.resolve(FILE), this);
    }

    static String formatRate(Double rate) {
        if (rate == null) {
            return "null";
        }
        return rate == Math.rint(rate) ? String.valueOf(rate.longValue()) : String.valueOf(rate);
    }
}
