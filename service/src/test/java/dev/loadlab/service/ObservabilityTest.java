package dev.loadlab.service;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityTest extends StubbedServiceTest {
    @Test
    void health_answers_when_up() {
        assertThat(service.get("/observe/health").statusCode()).isBetween(200, 204);
    }

    @Test
    void metrics_expose_the_series_the_lab_relies_on_in_prometheus_text() {
        UpstreamFixtures.servePortland(location, sun, weather, 0, 0, 0);
        for (Mode mode : Mode.values()) {
            assertThat(service.get("/api/" + mode.label() + "/city/97201/us").statusCode()).isEqualTo(200);
        }

        HttpResponse<String> metrics = service.get("/observe/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("(?m)^loadlab_inflight_requests\\{mode=\"blocking\".*\\} 0\\.0$")
                .containsPattern("(?m)^loadlab_inflight_requests\\{mode=\"virtual\".*\\} 0\\.0$")
                .containsPattern("(?m)^loadlab_inflight_requests\\{mode=\"async\".*\\} 0\\.0$")
                .containsPattern("(?m)^loadlab_inflight_requests\\{mode=\"eventloop\".*\\} 0\\.0$")
                .containsPattern("(?m)^loadlab_blocking_pool_queue_depth\\{.*\\} 0\\.0$")
                .containsPattern("(?m)^loadlab_blocking_pool_active_threads\\{.*\\} ")
                .containsPattern("(?m)^loadlab_requests_total\\{endpoint=\"city\",mode=\"async\",.*status=\"200\",\\} ")
                .containsPattern("(?m)^loadlab_requests_total\\{endpoint=\"city\",mode=\"eventloop\",.*status=\"200\",\\} ")
                .containsPattern("(?m)^loadlab_upstream_call_seconds_count\\{api=\"location\",outcome=\"ok\",.*\\} ")
                .containsPattern("(?m)^loadlab_upstream_call_seconds_count\\{api=\"sun\",outcome=\"ok\",.*\\} ")
                .containsPattern("(?m)^loadlab_upstream_call_seconds_count\\{api=\"weather\",outcome=\"ok\",.*\\} ");
    }
}
