package dev.loadlab.lab.profile;

import dev.loadlab.lab.profile.Layers.Layer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads one point's recording ({@code jdk.jfr.consumer}, no dependency) and sums what happened inside the measured
 * window into a {@link JfrSummary}. Instant events count when they fall in the window; events with a duration
 * (socket reads, GCs) count for the part of them inside it.
 */
public final class JfrAnalysis {

    /** The execution-sampling period of the lab's settings (loadlab.jfc): one sample stands for this much running. */
    public static final Duration SAMPLE_PERIOD = Duration.ofMillis(10);
    /** Frames kept of each pinned stack. */
    /** JFR's default stack depth: the application's frames lie deep under the parking machinery. */
    static final int PINNED_FRAMES = 64;

    private final Instant from;
    private final Instant to;
    private final Layers layers;
    private final String poolPrefix;

    private long samples;
    private final EnumMap<Layer, Long> byLayer = new EnumMap<>(Layer.class);
    private long pinned;
    private final Map<List<String>, Long> pinnedStacks = new HashMap<>();
    private long gcCount;
    private double gcPauseNanos;
    private double gcCpuNanos;
    private boolean gcCpuSeen;
    private double cpuLoadSum;
    private int cpuLoadCount;
    private int hwThreads;
    private double allocationBytes;
    private Long platformMax;
    private final Set<Long> virtualSeen = new HashSet<>();
    private final Set<String> poolThreads = new HashSet<>();
    private double poolReadNanos;
    private long poolSamples;

    private JfrAnalysis(long fromEpochMs, long toEpochMs, Layers layers, String poolPrefix) {
        this.from = Instant.ofEpochMilli(fromEpochMs);
        this.to = Instant.ofEpochMilli(toEpochMs);
        this.layers = layers;
        this.poolPrefix = poolPrefix;
    }

    /**
     * @param requests   the point's requests in the window (OK and KO), for the allocation per request
     * @param poolPrefix the name prefix of the blocking pool's threads; null when the variant has no such pool
     */
    public static JfrSummary summarise(Path recording, long fromEpochMs, long toEpochMs, long requests, Layers layers,
                                       String poolPrefix) throws IOException {
        JfrAnalysis analysis = new JfrAnalysis(fromEpochMs, toEpochMs, layers, poolPrefix);
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                analysis.accept(file.readEvent());
            }
        }
        return analysis.summary(fromEpochMs, toEpochMs, requests);
    }

    private void accept(RecordedEvent e) {
        String type = e.getEventType().getName();
        if (type.equals("jdk.CPUInformation")) {
            hwThreads = Math.max(hwThreads, e.getInt("hwThreads")); // a chunk's edge, often outside the window
            return;
        }
        Duration inside = overlap(e.getStartTime(), e.getEndTime());
        boolean instantInside = !e.getStartTime().isBefore(from) && e.getStartTime().isBefore(to);
        if (inside.isZero() && !instantInside) {
            return;
        }
        RecordedThread thread = type.equals("jdk.ExecutionSample") ? e.getThread("sampledThread") : eventThread(e);
        if (thread != null && thread.isVirtual()) {
            virtualSeen.add(thread.getJavaThreadId());
        }
        switch (type) {
            case "jdk.ExecutionSample" -> {
                samples++;
                byLayer.merge(layers.classify(classNames(e.getStackTrace())), 1L, Long::sum);
                if (inPool(thread)) {
                    poolSamples++;
                }
            }
            case "jdk.VirtualThreadPinned" -> {
                pinned++;
                pinnedStacks.merge(frames(e.getStackTrace()), 1L, Long::sum);
            }
            case "jdk.GarbageCollection" -> {
                if (!e.getEndTime().isBefore(from) && e.getEndTime().isBefore(to)) {
                    gcCount++;
                    gcPauseNanos += e.getDuration("sumOfPauses").toNanos();
                }
            }
            case "jdk.GCCPUTime" -> {
                gcCpuSeen = true;
                gcCpuNanos += e.getDuration("userTime").toNanos() + e.getDuration("systemTime").toNanos();
            }
            case "jdk.CPULoad" -> {
                cpuLoadSum += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                cpuLoadCount++;
            }
            case "jdk.ObjectAllocationSample" -> allocationBytes += e.getLong("weight");
            case "jdk.JavaThreadStatistics" -> platformMax = Math.max(platformMax == null ? 0 : platformMax,
                    e.getLong("activeCount"));
            case "jdk.SocketRead" -> {
                if (inPool(thread)) {
                    poolReadNanos += inside.toNanos();
                }
            }
            default -> {
            }
        }
    }

    private static RecordedThread eventThread(RecordedEvent e) {
        return e.hasField("eventThread") ? e.getThread("eventThread") : null;
    }

    private boolean inPool(RecordedThread thread) {
        if (poolPrefix == null || thread == null || thread.getJavaName() == null
                || !thread.getJavaName().startsWith(poolPrefix)) {
            return false;
        }
        poolThreads.add(thread.getJavaName());
        return true;
    }

    private Duration overlap(Instant start, Instant end) {
        Instant a = start.isAfter(from) ? start : from;
        Instant b = end.isBefore(to) ? end : to;
        return b.isAfter(a) ? Duration.between(a, b) : Duration.ZERO;
    }

    private static List<String> classNames(RecordedStackTrace stack) {
        if (stack == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>(stack.getFrames().size());
        for (RecordedFrame frame : stack.getFrames()) {
            if (frame.isJavaFrame() && frame.getMethod() != null) {
                names.add(frame.getMethod().getType().getName());
            }
        }
        return names;
    }

    /** A stack as text, top first: {@code com.example.Cache.load:42}. */
    static List<String> frames(RecordedStackTrace stack) {
        if (stack == null) {
            return List.of("(no stack trace)");
        }
        List<String> frames = new ArrayList<>();
        for (RecordedFrame frame : stack.getFrames()) {
            if (frames.size() == PINNED_FRAMES) {
                break;
            }
            if (frame.getMethod() == null) {
                continue;
            }
            int line = frame.getLineNumber();
            frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName()
                    + (line > 0 ? ":" + line : ""));
        }
        return List.copyOf(frames);
    }

    /**
     * A pinned stack told briefly: its top frame (where the virtual thread blocked) and then the application's own
     * frames, which say whose code pinned it; the first frames when none is the application's.
     */
    static List<String> condensed(List<String> frames, Layers layers, int max) {
        if (frames.isEmpty()) {
            return frames;
        }
        List<String> condensed = new ArrayList<>(List.of(frames.getFirst()));
        for (String frame : frames.subList(1, frames.size())) {
            String method = frame.contains(":") ? frame.substring(0, frame.indexOf(':')) : frame;
            String type = method.contains(".") ? method.substring(0, method.lastIndexOf('.')) : method;
            // a lambda's generated class says nothing its enclosing method does not
            if (condensed.size() < max && !type.contains("$$Lambda") && layers.layerOf(type) == Layers.Layer.APP) {
                condensed.add(frame);
            }
        }
        return condensed.size() > 1 ? condensed : frames.stream().limit(max).toList();
    }

    private JfrSummary summary(long fromEpochMs, long toEpochMs, long requests) {
        double windowMs = toEpochMs - fromEpochMs;
        Map<String, Long> sampleCounts = new LinkedHashMap<>();
        for (Layer layer : Layer.values()) {
            if (layer != Layer.GC) {
                sampleCounts.put(layer.key, byLayer.getOrDefault(layer, 0L));
            }
        }
        int cpus = hwThreads > 0 ? hwThreads : Runtime.getRuntime().availableProcessors();
        Double jvmCpuMs = cpuLoadCount == 0 ? null : cpuLoadSum / cpuLoadCount * cpus * windowMs;
        boolean noGc = gcCount == 0 && !gcCpuSeen;
        Double gcCpuMs = gcCpuSeen ? gcCpuNanos / 1e6 : noGc ? 0.0 : null;
        double gcShare = gcCpuMs != null && jvmCpuMs != null && jvmCpuMs > 0 ? Math.min(1, gcCpuMs / jvmCpuMs) : 0;
        String gcSource = noGc ? "no GC in the window"
                : gcCpuMs == null ? "not measured: this JDK has no jdk.GCCPUTime event (JDK 25+)"
                : jvmCpuMs == null ? "not measured: no jdk.CPULoad event in the window"
                : "jdk.GCCPUTime / jdk.CPULoad";
        Map<String, Double> shares = new LinkedHashMap<>();
        for (Layer layer : Layer.values()) {
            double share = layer == Layer.GC ? gcShare
                    : samples == 0 ? 0 : (1 - gcShare) * byLayer.getOrDefault(layer, 0L) / samples;
            shares.put(layer.key, round(share, 4));
        }
        List<JfrSummary.PinnedStack> top = pinnedStacks.entrySet().stream()
                .sorted(Map.Entry.<List<String>, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(3).map(en -> new JfrSummary.PinnedStack(en.getValue(), en.getKey())).toList();
        JfrSummary.Pool pool = null;
        if (poolPrefix != null && !poolThreads.isEmpty()) {
            double runningMs = poolSamples * (double) SAMPLE_PERIOD.toMillis();
            double poolMs = poolThreads.size() * windowMs;
            pool = new JfrSummary.Pool(poolPrefix, poolThreads.size(), windowMs, round(poolReadNanos / 1e6, 1),
                    runningMs, round(poolReadNanos / 1e6 / poolMs, 4), round(runningMs / poolMs, 4));
        }
        return new JfrSummary(fromEpochMs, toEpochMs, requests, samples, sampleCounts, shares, pinned, top,
                new JfrSummary.Gc(gcCount, round(gcPauseNanos / 1e6, 2), gcCpuMs == null ? null : round(gcCpuMs, 2),
                        jvmCpuMs == null ? null : round(jvmCpuMs, 1), gcSource),
                requests > 0 ? round(allocationBytes / requests, 0) : null,
                new JfrSummary.Threads(platformMax, virtualSeen.size(),
                        "platformMax: jdk.JavaThreadStatistics; virtualSeen: distinct virtual threads in the window's"
                                + " events (jdk.VirtualThreadStart is not recorded: one event per virtual thread costs"
                                + " more than the rest)"),
                pool);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
