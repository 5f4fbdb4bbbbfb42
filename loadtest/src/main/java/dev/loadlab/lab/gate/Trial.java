package dev.loadlab.lab.gate;

import dev.loadlab.lab.results.Summary;
import java.util.List;
import java.util.Map;

/**
 * One measured trial of one mode at one closed-model level: a point of a run, or a sample of a stored
 * baseline (which keeps exactly these fields).
 *
 * @param side           {@code base} (the baseline-shaped A of an A/B run) or {@code head} (the build under test)
 * @param efficiency     throughput over the Little's-law bound; null in baselines saved without it
 * @param criticalPathMs the upstream latency a request cannot avoid
 * @param pinnedEvents   jdk.VirtualThreadPinned events in the measured window (JFR evidence); null = not recorded
 * @param topPinnedStack the most frequent pinned stack, top frame first; empty when none
 * @param evidence       why there is no evidence ({@code no evidence: ...}); null when it was recorded
 */
public record Trial(String side, String mode, int concurrency, int repeat, String pointId, double throughputRps,
                    double p99Ms, Double meanMs, Double serviceCpuUsPerRequest, long ok, long ko,
                    Map<String, Long> koByCause, Double efficiency, Double criticalPathMs, Long pinnedEvents,
                    List<String> topPinnedStack, String evidence) {

    public static final String BASE = "base";
    public static final String HEAD = "head";

    public static Trial of(String side, String mode, Summary.Point point) {
        return new Trial(side, mode, point.concurrency(), point.repeat(), point.id(), point.throughputRps(),
                point.latencyMs().p99(), point.latencyMs().mean(),
                point.cpu() == null ? null : point.cpu().serviceWithoutJitUsPerRequest(),
                point.requests().ok(), point.requests().ko(), point.requests().koByCause(),
                point.bound().efficiency(), point.bound().criticalPathMs(),
                point.profile() == null ? null : point.profile().pinnedEvents(),
                point.profile() == null || point.profile().topPinnedStack() == null ? List.of()
                        : point.profile().topPinnedStack(),
                point.profile() == null ? "no evidence: not recorded" : point.profile().reason());
    }

    /** The trials of one mode at one closed-model level. */
    public static List<Trial> at(List<Trial> trials, String mode, int concurrency) {
        return trials.stream().filter(t -> t.mode().equals(mode) && t.concurrency() == concurrency).toList();
    }
}
