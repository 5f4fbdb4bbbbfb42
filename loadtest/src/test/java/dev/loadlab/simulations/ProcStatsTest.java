package dev.loadlab.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What the OS says about a process: this test JVM's own, which has JIT compiler threads. */
class ProcStatsTest {

    private static final OptionalLong SELF = OptionalLong.of(ProcessHandle.current().pid());

    @Test
    void the_jit_compilers_cpu_is_part_of_the_processs_cpu() {
        Long jit = ProcStats.jitCpuNanos(SELF);
        Long total = ProcStats.cpuNanos(SELF);

        assertThat(jit).as("a running JVM has C1/C2 compiler threads").isNotNull().isGreaterThanOrEqualTo(0L);
        assertThat(total).isNotNull().isGreaterThanOrEqualTo(jit);
    }

    @Test
    void an_unknown_or_missing_process_has_no_figures() {
        assertThat(ProcStats.jitCpuNanos(OptionalLong.empty())).isNull();
        assertThat(ProcStats.jitCpuNanos(OptionalLong.of(Long.MAX_VALUE))).isNull();
        assertThat(ProcStats.cpuNanos(OptionalLong.of(Long.MAX_VALUE))).isNull();
    }
}
