package dev.loadlab.service;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether virtual threads still get a carrier: one virtual thread wakes every {@code period} and records how late
 * it woke. Under a retry storm the wake-up waits in the carriers' queue like every connection does, so the lateness
 * is the queue's wait; when nothing beats for long, the scheduler is stalled (all carriers pinned or spinning).
 */
final class SchedulerHeartbeat implements AutoCloseable {
    static final Duration PERIOD = Duration.ofMillis(100);

    private final LongSupplier nanoClock;
    private final long startedNanos;
    private volatile long lastBeatNanos;
    private volatile long lateNanos;
    private volatile Thread beating;

    SchedulerHeartbeat(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.startedNanos = nanoClock.getAsLong();
        this.lastBeatNanos = startedNanos;
    }

    /** A heartbeat on the JVM's virtual-thread scheduler, beating until closed. */
    static SchedulerHeartbeat start() {
        SchedulerHeartbeat heartbeat = new SchedulerHeartbeat(System::nanoTime);
        heartbeat.beating = Thread.ofVirtual().name("loadlab-scheduler-heartbeat").start(heartbeat::beat);
        return heartbeat;
    }

    private void beat() {
        long periodNanos = PERIOD.toNanos();
        while (!Thread.currentThread().isInterrupted()) {
            long asleep = nanoClock.getAsLong();
            try {
                Thread.sleep(PERIOD);
            } catch (InterruptedException e) {
                return;
            }
            recordBeat(asleep + periodNanos);
        }
    }

    /** A beat due at {@code dueNanos} ran now. */
    void recordBeat(long dueNanos) {
        long now = nanoClock.getAsLong();
        lateNanos = Math.max(0, now - dueNanos);
        lastBeatNanos = now;
    }

    /** How long ago the last beat ran (since start when none has). */
    Duration sinceLastBeat() {
        return Duration.ofNanos(nanoClock.getAsLong() - lastBeatNanos);
    }

    /** How late the last beat woke: the wait for a carrier. */
    Duration lastLateness() {
        return Duration.ofNanos(lateNanos);
    }

    @Override
    public void close() {
        Thread thread = beating;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
