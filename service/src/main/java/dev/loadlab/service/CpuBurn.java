package dev.loadlab.service;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * Busy work worth a given amount of CPU time, for {@code degrade.cpu-burn-us}. A spin until a wall-clock deadline
 * burns less CPU than it says whenever the thread is descheduled, and on a busy 2-core machine it added 82 µs of
 * CPU per request for 200 µs asked (docs/PERF-GATE.md). So this counts iterations of a fixed step instead, at a
 * rate calibrated once against a platform thread's CPU clock (virtual threads have none).
 */
final class CpuBurn {
    private static final int CALIBRATION_ROUNDS = 30;
    private static final long ROUND_ITERATIONS = 200_000;

    private static volatile double iterationsPerNano; // 0 until calibrated
    private static volatile long sink; // keeps the work from being optimised away

    private CpuBurn() {
    }

    /** Burn {@code cpu} of this thread's CPU time (calibrated on first use). */
    static void burn(Duration cpu) {
        long iterations = Math.round(rate() * cpu.toNanos());
        sink = spin(iterations, sink);
    }

    /** Iterations of the step per nanosecond of CPU: the fastest of several timed rounds, so JIT-compiled code's. */
    static double rate() {
        double rate = iterationsPerNano;
        if (rate == 0) {
            synchronized (CpuBurn.class) {
                if (iterationsPerNano == 0) {
                    Thread calibrating = Thread.ofPlatform().name("loadlab-cpu-burn-calibration")
                            .start(() -> iterationsPerNano = calibrate());
                    try {
                        calibrating.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while calibrating degrade.cpu-burn-us", e);
                    }
                }
                rate = iterationsPerNano;
            }
        }
        return rate;
    }

    private static double calibrate() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double fastest = 0;
        for (int round = 0; round < CALIBRATION_ROUNDS; round++) {
            long before = threads.getCurrentThreadCpuTime();
            sink = spin(ROUND_ITERATIONS, sink);
            long spent = threads.getCurrentThreadCpuTime() - before;
            if (spent > 0) {
                fastest = Math.max(fastest, (double) ROUND_ITERATIONS / spent);
            }
        }
        if (fastest == 0) {
            throw new IllegalStateException("this JVM measures no thread CPU time: degrade.cpu-burn-us cannot calibrate");
        }
        return fastest;
    }

    /** A xorshift step per iteration: cheap, serial, and its result is used. */
    private static long spin(long iterations, long seed) {
        long x = seed | 1;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
