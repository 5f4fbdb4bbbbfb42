package dev.loadlab.lab.run;

import dev.loadlab.lab.results.Summary;
import dev.loadlab.simulations.RequestMix;
import java.time.Duration;

/**
 * Between points against a {@code --target} service, whose backlog the lab cannot read: the request a point sends
 * first, one at a time, until one is answered with a 2xx within the upstream latency floor plus a margin (a request
 * that waits behind a backlog cannot be that fast), or until a bounded wait is over. Either way the result is
 * recorded on the point; a drain that timed out is shown with it, never hidden.
 */
public final class TargetDrain {

    /** Between answers that came back fast but failed (a 503, a refused connection): no tight loop. */
    private static final long PAUSE_AFTER_FAST_FAILURE_MS = 100;

    private TargetDrain() {
    }

    /**
     * The answer time a drained service can meet: the upstream floor plus a quarter of it, and at least 50 ms
     * (the service's own work, loopback and a scheduler's hiccup on a shared machine).
     */
    public static double answerLimitMs(double upstreamFloorMs) {
        return upstreamFloorMs + Math.max(50, upstreamFloorMs / 4);
    }

    /**
     * @param baseUrl         the variant's base URL
     * @param mix             what a point sends: its first request is the probe
     * @param upstreamFloorMs the upstream latency on the variant's critical path (results/CriticalPath)
     * @param timeout         the longest wait
     */
    public static Summary.Drain await(String baseUrl, RequestMix mix, double upstreamFloorMs, Duration timeout) {
        double limitMs = answerLimitMs(upstreamFloorMs);
        VariantRequest request = new VariantRequest();
        VariantRequest.First first = VariantRequest.First.of(mix);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Summary.Drain(Summary.Drain.PROBE, millisSince(start), true, limitMs);
            }
            VariantRequest.Outcome outcome = request.send(baseUrl, first, Duration.ofNanos(left));
            double tookMs = outcome.took().toNanos() / 1e6;
            if (outcome.ok(first.okStatus()) && tookMs <= limitMs) {
                return new Summary.Drain(Summary.Drain.PROBE, millisSince(start), false, limitMs);
            }
            if (tookMs <= limitMs) {
                pause(Math.min(PAUSE_AFTER_FAST_FAILURE_MS, Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
            }
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while waiting for the target to drain", e);
        }
    }
}
