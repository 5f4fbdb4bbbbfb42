package dev.loadlab.service;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuBurnTest {

    /** The knob means CPU: what the thread's own CPU clock counts, whatever the wall clock does meanwhile. */
    @Test
    void a_burn_costs_about_the_cpu_time_it_asks_for() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Duration asked = Duration.ofMillis(40);
        CpuBurn.burn(Duration.ofMillis(5)); // calibrated and compiled before the measured burn

        long before = threads.getCurrentThreadCpuTime();
        CpuBurn.burn(asked);
        Duration spent = Duration.ofNanos(threads.getCurrentThreadCpuTime() - before);

        // below: the calibration took the fastest round; above: a busy machine's shared caches slow each step
        assertThat(spent).isBetween(asked.multipliedBy(6).dividedBy(10), asked.multipliedBy(3));
    }
}
