package dev.loadlab.service;

import java.time.Duration;

/**
 * Deliberate slowdowns that exist only to prove the lab's CI performance gate catches a regression
 * ({@code ./lab gate --service-config degrade.extra-latency-ms=40}). Never set them otherwise.
 * <p>
 * Applied on the request's own thread after the mode has produced the answer and before it is written,
 * in every mode alike: {@code degrade.cpu-burn-us} does that much CPU work (a slower serializer; {@link CpuBurn}),
 * {@code degrade.extra-latency-ms} then sleeps that long (a blocking call on the request path).
 * Both default to 0 (off). {@code degrade.pinning=true} makes the virtual and async modes' upstream calls pin
 * their carrier threads ({@link Pinning}); it does not apply to blocking (platform threads have no carrier) nor to
 * eventloop (its upstream calls park no thread, so there is nothing to pin).
 *
 * @param extraLatency sleep per request ({@code degrade.extra-latency-ms})
 * @param cpuBurn      CPU time of busy work per request ({@code degrade.cpu-burn-us})
 * @param pinning      upstream calls on virtual threads pin their carriers ({@code degrade.pinning})
 */
public record Degradation(Duration extraLatency, Duration cpuBurn, boolean pinning) {
    /** No slowdown: the default. */
    public static final Degradation NONE = new Degradation(Duration.ZERO, Duration.ZERO, false);

    public Degradation {
        if (!cpuBurn.isZero()) {
            CpuBurn.rate(); // calibrate at start-up, not on the first request
        }
    }

    /**
     * Whether any slowdown is configured.
     *
     * @return true if this degrades requests
     */
    public boolean active() {
        return !extraLatency.isZero() || !cpuBurn.isZero() || pinning;
    }

    /**
     * Slow the current request down as configured.
     */
    void apply() {
        if (!cpuBurn.isZero()) {
            CpuBurn.burn(cpuBurn);
        }
        if (!extraLatency.isZero()) {
            try {
                Thread.sleep(extraLatency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "degrade.extra-latency-ms=" + extraLatency.toMillis() + ", degrade.cpu-burn-us="
                + cpuBurn.toNanos() / 1000 + ", degrade.pinning=" + pinning;
    }
}
