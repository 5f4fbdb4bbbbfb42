package dev.loadlab.stubs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StubConfigTest {
    @Test
    void defaults_match_the_contract() {
        StubConfig c = StubConfig.defaults();

        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isZero();
        assertThat(c.profile()).isEqualTo(LatencyProfile.FIXED);
        for (Api api : Api.values()) {
            assertThat(c.latencyMs(api)).isEqualTo(100);
            assertThat(c.meanLatencyMs(api)).isEqualTo(100.0);
            assertThat(c.faults(api)).isEqualTo(Faults.none());
        }
        assertThat(c.slowMs()).isEqualTo(30_000);
        assertThat(c.asyncThreads()).isEqualTo(16);
        assertThat(c.containerThreads()).isEqualTo(64);
        assertThat(c.acceptQueueSize()).isEqualTo(1024);
    }

    @Test
    void rejects_values_out_of_range_naming_them() {
        assertThatThrownBy(() -> StubConfig.builder().latencyMs(Api.SUN, -1).build()).hasMessageContaining("sun latency -1 ms");
        assertThatThrownBy(() -> StubConfig.builder().port(70_000).build()).hasMessageContaining("port 70000");
        assertThatThrownBy(() -> StubConfig.builder().sigma(0).build()).hasMessageContaining("sigma");
        assertThatThrownBy(() -> StubConfig.builder().asyncThreads(0).build()).hasMessageContaining("async threads");
        assertThatThrownBy(() -> StubConfig.builder().fault(Api.SUN, FaultKind.RESET, 1.2).build()).hasMessageContaining("reset=1.2");
        assertThatThrownBy(() -> StubConfig.builder().fault(Api.SUN, FaultKind.RESET, 0.6).fault(Api.SUN, FaultKind.SLOW, 0.6).build())
                .hasMessageContaining("more than 1");
    }

    @Test
    void json_round_trips_and_applies_partial_documents() {
        StubConfig c = StubConfig.builder().profile(LatencyProfile.UNIFORM).spreadMs(7).latencyMs(Api.WEATHER, 33)
                .fault(Api.LOCATION, FaultKind.MALFORMED, 0.25).build();

        assertThat(StubConfig.defaults().withJson(c.toJson())).isEqualTo(c);
        StubConfig partial = c.withJson("{\"latencyMs\":5,\"faults\":{\"location\":{\"slow\":0.1}}}");
        assertThat(partial.latencyMs(Api.WEATHER)).isEqualTo(5);
        assertThat(partial.faults(Api.LOCATION).share(FaultKind.MALFORMED)).isEqualTo(0.25);
        assertThat(partial.faults(Api.LOCATION).share(FaultKind.SLOW)).isEqualTo(0.1);
        assertThat(partial.spreadMs()).isEqualTo(7);
    }

    @Test
    void fault_pick_follows_cumulative_shares() {
        Faults f = Faults.none().with(FaultKind.HTTP500, 0.2).with(FaultKind.SLOW, 0.3);

        assertThat(f.pick(0.0)).isEqualTo(FaultKind.HTTP500);
        assertThat(f.pick(0.19)).isEqualTo(FaultKind.HTTP500);
        assertThat(f.pick(0.2)).isEqualTo(FaultKind.SLOW);
        assertThat(f.pick(0.49)).isEqualTo(FaultKind.SLOW);
        assertThat(f.pick(0.5)).isNull();
        assertThat(Faults.none().pick(0.0)).isNull();
    }

    @Test
    void unknown_zips_made_of_zeros_resolve_to_nothing() {
        assertThat(Places.resolve("us", "00000")).isEmpty();
        assertThat(Places.resolve("jp", "000-0000")).isEmpty();
        assertThat(Places.resolve("us", "10001")).hasValueSatisfying(p -> assertThat(p.placeName()).isEqualTo("New York"));
    }
}
