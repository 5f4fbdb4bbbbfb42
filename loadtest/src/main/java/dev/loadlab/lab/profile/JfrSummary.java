package dev.loadlab.lab.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loadlab.lab.results.SummaryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code points/<id>/profile/jfr-summary.json}: what the JDK Flight Recorder saw inside one variant's JVM over one
 * point's measured window (events outside the window are left out). Documented in docs/PERFORMANCE.md.
 *
 * @param windowStartEpochMs   the measured window the events were cut to
 * @param cpuSamples           {@code jdk.ExecutionSample} events in the window (threads running Java code)
 * @param samplesByLayer       those samples per {@link Layers.Layer} key (every layer but {@code gc})
 * @param cpuByLayer           share of the JVM's CPU per layer key, adding up to 1: {@code gc} is the GC's CPU time
 *                             over the JVM's CPU time ({@link Gc#source}), the other layers split the rest in
 *                             proportion to their samples
 * @param pinnedEvents         {@code jdk.VirtualThreadPinned} events (a virtual thread pinned its carrier over 20 ms)
 * @param topPinnedStacks      the 3 most frequent pinned stacks
 * @param allocationBytesPerRequest sampled allocation weight ({@code jdk.ObjectAllocationSample}) over the point's
 *                             requests in the window; null without requests
 * @param threads              thread counts and where they come from
 * @param pool                 blocking pool threads' time: socket reads vs running; null when the variant has none
 *                             the lab knows of
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JfrSummary(long windowStartEpochMs, long windowEndEpochMs, long requests, long cpuSamples,
                         Map<String, Long> samplesByLayer, Map<String, Double> cpuByLayer, long pinnedEvents,
                         List<PinnedStack> topPinnedStacks, Gc gc, Double allocationBytesPerRequest,
                         Threads threads, Pool pool) {

    public static final String FILE = "jfr-summary.json";

    /** One pinned stack, its frames top first, and how many pinned events had it. */
    public record PinnedStack(long count, List<String> frames) {
    }

    /**
     * @param pauseCount    {@code jdk.GarbageCollection} events that ended in the window
     * @param pauseTotalMs  their sum of pauses
     * @param cpuMs         the GC's CPU time (user + system) in the window, from {@code jdk.GCCPUTime} (JDK 25+);
     *                      null on a JDK without that event
     * @param jvmCpuMs      the whole JVM's CPU time in the window, from {@code jdk.CPULoad} times the CPUs
     * @param source        how {@code gc} in {@code cpuByLayer} was computed: {@code jdk.GCCPUTime / jdk.CPULoad},
     *                      or {@code not measured}
     */
    public record Gc(long pauseCount, double pauseTotalMs, Double cpuMs, Double jvmCpuMs, String source) {
    }

    /**
     * @param platformMax     most live platform threads ({@code jdk.JavaThreadStatistics.activeCount}, every second)
     * @param virtualSeen     distinct virtual threads that appear in any event of the window
     */
    public record Threads(Long platformMax, long virtualSeen, String source) {
    }

    /**
     * The blocking pool's threads (named {@code threadPrefix...}) over the window. {@code socketReadMs}: time in
     * {@code jdk.SocketRead} (reads over 1 ms, clipped to the window); {@code runningMs}: their execution samples
     * times the sampling period. Shares are of {@code threads} x the window.
     */
    public record Pool(String threadPrefix, int threads, double windowMs, double socketReadMs, double runningMs,
                       double socketReadShare, double runningShare) {
    }

    public void write(Path file) {
        SummaryFiles.writeJson(file, this);
    }

    public static JfrSummary read(Path file) {
        try {
            return SummaryFiles.JSON.readValue(file.toFile(), JfrSummary.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
