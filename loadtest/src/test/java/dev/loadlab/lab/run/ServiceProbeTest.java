package dev.loadlab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceProbeTest {

    @Test
    void sums_a_series_over_all_label_sets_and_ignores_lookalikes() {
        String exposition = """
                # HELP loadlab_inflight_requests requests in flight
                # TYPE loadlab_inflight_requests gauge
                loadlab_inflight_requests{mode="async"} 3.0
                loadlab_inflight_requests{mode="blocking"} 2.0
                loadlab_inflight_requests_max{mode="async"} 99.0
                loadlab_blocking_pool_queue_depth 5.0
                """;

        assertThat(ServiceProbe.sumOf(exposition, ServiceProbe.IN_FLIGHT)).isEqualTo(5.0);
        assertThat(ServiceProbe.sumOf(exposition, ServiceProbe.QUEUE_DEPTH)).isEqualTo(5.0);
        assertThat(ServiceProbe.sumOf(exposition, "absent_series")).isZero();
    }
}
