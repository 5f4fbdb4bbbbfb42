package dev.loadlab.stubs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import wiremock.com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Changing latency and faults at run time: admin route {admin}/loadlab/config and StubUpstreams.update. */
class AdminConfigRouteTest {
    @RegisterExtension
    static final StubUpstreamsExtension STUBS = new StubUpstreamsExtension(StubConfig.builder().latencyMs(0).build());

    private static final String SUN_PATH = "/json?lat=45.5&lng=-122.6&date=today";

    @Test
    void get_returns_the_config_in_force() {
        HttpResponse<String> response = Http.get(STUBS.adminUrl() + "/loadlab/config");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode config = Http.json(response.body());
        assertThat(config.get("profile").asText()).isEqualTo("fixed");
        assertThat(config.get("latencyMs").get("sun").asInt()).isEqualTo(0);
        assertThat(config.get("faults").get("sun").get("http500").asDouble()).isEqualTo(0.0);
        assertThat(config.get("slowMs").asInt()).isEqualTo(30_000);
        assertThat(config.get("meanLatencyMs").get("location").asDouble()).isEqualTo(0.0);
    }

    @Test
    void post_changes_latency_and_faults_while_running() throws Exception {
        HttpResponse<String> response = Http.post(STUBS.adminUrl() + "/loadlab/config",
                                                  "{\"latencyMs\":{\"location\":250},\"faults\":{\"sun\":{\"http503\":1.0}}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.json(response.body()).get("latencyMs").get("location").asInt()).isEqualTo(250);
        assertThat(STUBS.stubs().config().latencyMs(Api.LOCATION)).isEqualTo(250);
        assertThat(STUBS.stubs().config().latencyMs(Api.SUN)).as("untouched fields keep their values").isEqualTo(0);
        assertThat(Http.timedGetMillis(STUBS.locationUrl() + "/us/97201")).isGreaterThanOrEqualTo(250L);
        assertThat(Http.get(STUBS.sunUrl() + SUN_PATH).statusCode()).isEqualTo(503);
    }

    @Test
    void posting_the_get_output_back_is_accepted() throws Exception {
        String current = Http.get(STUBS.adminUrl() + "/loadlab/config").body();

        HttpResponse<String> response = Http.post(STUBS.adminUrl() + "/loadlab/config", current);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(STUBS.stubs().config()).isEqualTo(StubConfig.builder().latencyMs(0).build());
    }

    @Test
    void post_rejects_bad_input_with_400_naming_the_field() throws Exception {
        HttpResponse<String> unknown = Http.post(STUBS.adminUrl() + "/loadlab/config", "{\"latency\":5}");
        HttpResponse<String> share = Http.post(STUBS.adminUrl() + "/loadlab/config", "{\"faults\":{\"sun\":{\"reset\":1.5}}}");
        HttpResponse<String> profile = Http.post(STUBS.adminUrl() + "/loadlab/config", "{\"profile\":\"gaussian\"}");
        HttpResponse<String> notJson = Http.post(STUBS.adminUrl() + "/loadlab/config", "latency=5");
        HttpResponse<String> port = Http.post(STUBS.adminUrl() + "/loadlab/config", "{\"server\":{\"port\":1234}}");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown field 'latency'");
        assertThat(share.statusCode()).isEqualTo(400);
        assertThat(share.body()).contains("reset").contains("0 to 1");
        assertThat(profile.body()).contains("gaussian").contains("lognormal");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(port.body()).contains("server settings cannot change");
        assertThat(STUBS.stubs().config()).as("a rejected post changes nothing").isEqualTo(StubConfig.builder().latencyMs(0).build());
    }

    @Test
    void reset_route_restores_the_start_config() throws Exception {
        Http.post(STUBS.adminUrl() + "/loadlab/config", "{\"profile\":\"seed\",\"faults\":{\"weather\":{\"slow\":0.5}}}");
        assertThat(STUBS.stubs().config().profile()).isEqualTo(LatencyProfile.SEED);

        HttpResponse<String> response = Http.post(STUBS.adminUrl() + "/loadlab/config/reset", "");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(STUBS.stubs().config()).isEqualTo(StubConfig.builder().latencyMs(0).build());
    }

    @Test
    void update_from_java_changes_behaviour_and_rejects_server_changes() {
        StubUpstreams stubs = STUBS.stubs();
        stubs.update(stubs.config().toBuilder().fault(Api.LOCATION, FaultKind.HTTP500, 1.0).build());
        assertThat(Http.get(stubs.locationUrl() + "/us/97201").statusCode()).isEqualTo(500);

        assertThatThrownBy(() -> stubs.update(stubs.config().toBuilder().containerThreads(10).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot change while running");
    }

    @Test
    void faults_route_counts_every_injected_fault_per_api_and_kind() throws Exception {
        long before = STUBS.stubs().injectedFaults().count(Api.SUN, FaultKind.HTTP503);
        Http.post(STUBS.adminUrl() + "/loadlab/config", "{\"faults\":{\"sun\":{\"http503\":1.0}}}");
        for (int i = 0; i < 3; i++) {
            assertThat(Http.get(STUBS.sunUrl() + SUN_PATH).statusCode()).isEqualTo(503);
        }
        Http.post(STUBS.adminUrl() + "/loadlab/config/reset", "");
        assertThat(Http.get(STUBS.sunUrl() + SUN_PATH).statusCode()).as("faults off: not counted").isEqualTo(200);

        HttpResponse<String> response = Http.get(STUBS.adminUrl() + "/loadlab/faults");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode counts = Http.json(response.body());
        assertThat(counts.get("sun").get("http503").asLong()).isEqualTo(before + 3);
        assertThat(counts.get("location").get("reset").asLong()).isZero();
        assertThat(STUBS.stubs().injectedFaults().count(Api.SUN, FaultKind.HTTP503)).isEqualTo(before + 3);
    }
}
