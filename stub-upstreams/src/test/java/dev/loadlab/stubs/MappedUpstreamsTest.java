package dev.loadlab.stubs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wiremock.com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Upstreams made of WireMock mapping files, served by the stub with a latency profile and faults, both changeable while it runs. */
class MappedUpstreamsTest {
    private static final String PRICE_MAPPING = """
            {
              "request": {"method": "GET", "url": "/prices/A100"},
              "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                           "jsonBody": {"sku": "A100", "price": 12.5}}
            }
            """;

    @TempDir
    Path dir;

    @Test
    void answers_its_mapping_after_the_fixed_delay() throws IOException {
        MappedUpstream pricing = upstream("pricing", MappedUpstream.Latency.fixed(50), Map.of(), Map.of("price.json", PRICE_MAPPING));

        try (StubUpstreams stubs = StubUpstreams.start(StubConfig.builder().mappedUpstreams(List.of(pricing)).build())) {
            String url = stubs.mappedUrl("pricing") + "/prices/A100";
            Http.timedGetMillis(url); // open the connection first so that connect time does not count

            long start = System.nanoTime();
            HttpResponse<String> response = Http.get(url);
            long ms = (System.nanoTime() - start) / 1_000_000;

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Http.json(response.body())).isEqualTo(Http.json("{\"sku\":\"A100\",\"price\":12.5}"));
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(ms).isGreaterThanOrEqualTo(50L);
            assertThat(stubs.readyLine()).matches("ready location=\\S+/location sun=\\S+/sun weather=\\S+/weather"
                                                          + " admin=\\S+/__admin pricing=http://127\\.0\\.0\\.1:\\d+");
            assertThat(stubs.readyLine()).endsWith(" pricing=" + stubs.mappedUrl("pricing"));
            assertThat(stubs.mappedUrl("pricing")).isNotEqualTo("http://127.0.0.1:" + stubs.port());
        }
    }

    @Test
    void http503_share_1_answers_503_and_is_counted() throws IOException {
        MappedUpstream pricing = upstream("pricing", MappedUpstream.Latency.fixed(0), Map.of("http503", 1.0),
                                          Map.of("price.json", PRICE_MAPPING));

        try (StubUpstreams stubs = StubUpstreams.start(StubConfig.builder().latencyMs(0).mappedUpstreams(List.of(pricing)).build())) {
            HttpResponse<String> response = Http.get(stubs.mappedUrl("pricing") + "/prices/A100");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo(LatencyAndFaults.HTTP503_BODY);
            assertThat(stubs.injectedFaults().count("pricing", FaultKind.HTTP503)).isEqualTo(1);
            assertThat(Http.json(Http.get(stubs.adminUrl() + "/loadlab/faults").body()).get("pricing").get("http503").asLong())
                    .isEqualTo(1);
            assertThat(Http.get(stubs.sunUrl() + "/json?lat=45.5&lng=-122.6&date=today").statusCode())
                    .as("the built-in APIs keep their own faults").isEqualTo(200);
        }
    }

    @Test
    void malformed_share_1_spoils_a_body_served_from_a_file() throws IOException {
        MappedUpstream stock = upstream("stock", null, Map.of("malformed", 1.0), Map.of("stock.json", """
                {"request": {"urlPath": "/stock"},
                 "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "bodyFileName": "stock-body.json"}}
                """));
        Files.createDirectories(stock.folder().resolve("__files"));
        Files.writeString(stock.folder().resolve("__files/stock-body.json"), "{\"sku\":\"A100\",\"units\":7}");

        try (StubUpstreams stubs = StubUpstreams.start(StubConfig.builder().mappedUpstreams(List.of(stock)).build())) {
            HttpResponse<String> response = Http.get(stubs.mappedUrl("stock") + "/stock");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith("{\"sku\":\"A1").contains("garbage");
            assertThatThrownBy(() -> Http.json(response.body())).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void without_a_profile_a_mapping_keeps_its_own_delay_and_templating_works_as_in_wiremock() throws IOException {
        MappedUpstream echo = upstream("echo", null, Map.of(), Map.of("echo.json", """
                {"request": {"urlPathPattern": "/echo/.*"},
                 "response": {"status": 200, "body": "{{request.pathSegments.[1]}}", "fixedDelayMilliseconds": 80,
                              "transformers": ["response-template"]}}
                """, "plain.json", """
                {"request": {"urlPath": "/plain"}, "response": {"status": 200, "body": "{{request.path}}"}}
                """));

        try (StubUpstreams stubs = StubUpstreams.start(StubConfig.builder().mappedUpstreams(List.of(echo)).build())) {
            Http.timedGetMillis(stubs.mappedUrl("echo") + "/plain");

            long start = System.nanoTime();
            HttpResponse<String> response = Http.get(stubs.mappedUrl("echo") + "/echo/A100");
            long ms = (System.nanoTime() - start) / 1_000_000;

            assertThat(response.body()).isEqualTo("A100");
            assertThat(ms).isGreaterThanOrEqualTo(80L);
            assertThat(Http.get(stubs.mappedUrl("echo") + "/plain").body())
                    .as("templating is local in WireMock 3: only mappings that name response-template")
                    .isEqualTo("{{request.path}}");
            assertThat(Http.get(stubs.mappedUrl("echo") + "/nothing-here").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void an_invalid_mapping_file_fails_the_start_with_one_line_naming_it() throws IOException {
        MappedUpstream pricing = upstream("pricing", null, Map.of(), Map.of("a-good.json", PRICE_MAPPING, "price.json", """
                {
                  "request": {"method": "GET", "url": "/prices/A100"},
                  "response": {"status": 200,, }
                }
                """));

        assertThatThrownBy(() -> StubUpstreams.start(StubConfig.builder().mappedUpstreams(List.of(pricing)).build()))
                .isInstanceOf(MappingsException.class)
                .hasMessage("upstream pricing: mappings/price.json is not valid WireMock JSON (line 3, column 30: Unexpected"
                                    + " character (',' (code 44)): was expecting double-quote to start field name): fix the"
                                    + " file or re-record it");
    }

    @Test
    void a_mapping_wiremock_cannot_read_fails_the_start_naming_the_field() throws IOException {
        MappedUpstream pricing = upstream("pricing", null, Map.of(), Map.of("price.json", """
                {"request": {"method": "GET", "urlz": "/prices/A100"}, "response": {"status": 200}}
                """));

        assertThatThrownBy(() -> StubUpstreams.start(StubConfig.builder().mappedUpstreams(List.of(pricing)).build()))
                .isInstanceOf(MappingsException.class)
                .hasMessageStartingWith("upstream pricing: mappings/price.json is not valid WireMock JSON (at /request/urlz:"
                                                + " Unrecognized field \"urlz\"")
                .hasMessageNotContaining("\n");
    }

    @Test
    void a_folder_without_mappings_fails_the_start() throws IOException {
        MappedUpstream pricing = upstream("pricing", null, Map.of(), Map.of("notes.txt", "not a mapping"));

        assertThatThrownBy(() -> StubUpstreams.start(StubConfig.builder().mappedUpstreams(List.of(pricing)).build()))
                .isInstanceOf(MappingsException.class)
                .hasMessage("upstream pricing: " + pricing.folder().resolve("mappings") + " has no stub mappings (no *.json"
                                    + " file with a mapping): record some with ./lab record, or add WireMock stub mappings there");
    }

    @Test
    void the_cli_reads_the_mapped_upstreams_file() throws Exception {
        MappedUpstream pricing = upstream("pricing", MappedUpstream.Latency.uniform(30, 10), Map.of("reset", 0.1),
                                          Map.of("price.json", PRICE_MAPPING));
        Path file = dir.resolve("mapped-upstreams.json");
        MappedUpstream.write(file, List.of(pricing));

        assertThat(StubCli.parse("--mapped-upstreams", file.toString()).orElseThrow().mappedUpstreams()).containsExactly(pricing);
        assertThatThrownBy(() -> StubCli.parse("--mapped-upstreams", dir.resolve("none.json").toString()))
                .hasMessageStartingWith("--mapped-upstreams: mapped upstreams file").hasMessageContaining("does not exist");
    }

    @Test
    void faults_set_at_run_time_are_injected_counted_and_turned_off_by_reset() throws Exception {
        MappedUpstream pricing = upstream("pricing", MappedUpstream.Latency.fixed(0), Map.of(), Map.of("price.json", PRICE_MAPPING));

        try (StubUpstreams stubs = StubUpstreams.start(StubConfig.builder().latencyMs(0).mappedUpstreams(List.of(pricing)).build())) {
            String url = stubs.mappedUrl("pricing") + "/prices/A100";
            HttpResponse<String> set = Http.post(stubs.adminUrl() + "/loadlab/config", "{\"faults\":{\"pricing\":{\"http503\":1.0}}}");

            assertThat(set.statusCode()).isEqualTo(200);
            assertThat(Http.json(set.body()).get("faults").get("pricing").get("http503").asDouble()).isEqualTo(1.0);
            for (int i = 0; i < 3; i++) {
                assertThat(Http.get(url).statusCode()).isEqualTo(503);
            }
            assertThat(Http.post(stubs.adminUrl() + "/loadlab/config/reset", "").statusCode()).isEqualTo(200);
            assertThat(Http.get(url).statusCode()).as("reset: faults off").isEqualTo(200);
            assertThat(Http.json(Http.get(stubs.adminUrl() + "/loadlab/faults").body()).get("pricing").get("http503").asLong())
                    .isEqualTo(3);
        }
    }

    @Test
    void run_time_faults_replace_the_files_shares_until_reset() throws Exception {
        MappedUpstream pricing = upstream("pricing", null, Map.of("http500", 1.0), Map.of("price.json", PRICE_MAPPING));

        try (StubUpstreams stubs = StubUpstreams.start(StubConfig.builder().mappedUpstreams(List.of(pricing)).build())) {
            String url = stubs.mappedUrl("pricing") + "/prices/A100";
            assertThat(Http.json(Http.get(stubs.adminUrl() + "/loadlab/config").body()).get("faults").get("pricing")
                               .get("http500").asDouble()).as("GET shows the file's shares").isEqualTo(1.0);

            Http.post(stubs.adminUrl() + "/loadlab/config", "{\"faults\":{\"pricing\":{\"http500\":0,\"malformed\":1.0}}}");
            HttpResponse<String> spoiled = Http.get(url);
            assertThat(spoiled.statusCode()).isEqualTo(200);
            assertThat(spoiled.body()).contains("garbage");
            assertThat(stubs.injectedFaults().count("pricing", FaultKind.MALFORMED)).isEqualTo(1);

            Http.post(stubs.adminUrl() + "/loadlab/config/reset", "");
            assertThat(Http.get(url).statusCode()).as("the file's shares again").isEqualTo(500);
        }
    }

    @Test
    void a_slow_fault_set_at_run_time_waits_the_configs_slow_ms() throws Exception {
        MappedUpstream pricing = upstream("pricing", null, Map.of(), Map.of("price.json", PRICE_MAPPING));

        try (StubUpstreams stubs = StubUpstreams.start(StubConfig.builder().mappedUpstreams(List.of(pricing)).build())) {
            String url = stubs.mappedUrl("pricing") + "/prices/A100";
            Http.timedGetMillis(url); // open the connection first so that connect time does not count

            Http.post(stubs.adminUrl() + "/loadlab/config", "{\"slowMs\":300,\"faults\":{\"pricing\":{\"slow\":1.0}}}");

            assertThat(Http.timedGetMillis(url)).isGreaterThanOrEqualTo(300L);
            assertThat(stubs.injectedFaults().count("pricing", FaultKind.SLOW)).isEqualTo(1);
        }
    }

    @Test
    void a_latency_spike_delays_every_mapped_upstream_until_reset() throws Exception {
        MappedUpstream pricing = upstream("pricing", MappedUpstream.Latency.fixed(0), Map.of(), Map.of("price.json", PRICE_MAPPING));
        MappedUpstream echo = upstream("echo", null, Map.of(), Map.of("echo.json", """
                {"request": {"urlPath": "/echo"}, "response": {"status": 200, "body": "echo"}}
                """));
        StubConfig start = StubConfig.builder().latencyMs(0).mappedUpstreams(List.of(pricing, echo)).build();

        try (StubUpstreams stubs = StubUpstreams.start(start)) {
            String priceUrl = stubs.mappedUrl("pricing") + "/prices/A100";
            String echoUrl = stubs.mappedUrl("echo") + "/echo";
            Http.timedGetMillis(priceUrl);
            Http.timedGetMillis(echoUrl);
            JsonNode before = Http.json(Http.get(stubs.adminUrl() + "/loadlab/config").body());
            assertThat(before.get("latencyMs").get("echo").isNull()).as("no latency set: its own").isTrue();

            HttpResponse<String> spike = Http.post(stubs.adminUrl() + "/loadlab/config", "{\"latencyMs\":300}");

            assertThat(spike.statusCode()).isEqualTo(200);
            assertThat(Http.json(spike.body()).get("latencyMs").get("pricing").asInt()).isEqualTo(300);
            assertThat(Http.json(spike.body()).get("meanLatencyMs").get("echo").asDouble()).isEqualTo(300.0);
            assertThat(Http.timedGetMillis(priceUrl)).as("its profile overridden").isGreaterThanOrEqualTo(300L);
            assertThat(Http.timedGetMillis(echoUrl)).as("its mapping's own delay overridden").isGreaterThanOrEqualTo(300L);
            assertThat(Http.timedGetMillis(stubs.sunUrl() + "/json?lat=45.5&lng=-122.6&date=today")).isGreaterThanOrEqualTo(300L);

            Http.post(stubs.adminUrl() + "/loadlab/config", "{\"latencyMs\":{\"pricing\":null,\"echo\":120}}");
            assertThat(stubs.config().mappedLatencyMs()).containsExactly(Map.entry("echo", 120));
            assertThat(Http.post(stubs.adminUrl() + "/loadlab/config", Http.get(stubs.adminUrl() + "/loadlab/config").body())
                               .statusCode()).as("GET's output posted back").isEqualTo(200);
            assertThat(stubs.config().mappedLatencyMs()).containsExactly(Map.entry("echo", 120));

            Http.post(stubs.adminUrl() + "/loadlab/config/reset", "");
            assertThat(stubs.config()).isEqualTo(start);
            assertThat(Http.json(Http.get(stubs.adminUrl() + "/loadlab/config").body()).get("latencyMs").get("pricing").isNull())
                    .isTrue();
        }
    }

    @Test
    void an_unknown_upstream_name_is_a_400_naming_the_known_ones() throws Exception {
        MappedUpstream pricing = upstream("pricing", null, Map.of(), Map.of("price.json", PRICE_MAPPING));
        StubConfig start = StubConfig.builder().mappedUpstreams(List.of(pricing)).build();

        try (StubUpstreams stubs = StubUpstreams.start(start)) {
            for (String body : List.of("{\"faults\":{\"pricnig\":{\"reset\":1.0}}}", "{\"faults\":{\"pricnig\":{}}}",
                                       "{\"latencyMs\":{\"pricnig\":500}}")) {
                HttpResponse<String> response = Http.post(stubs.adminUrl() + "/loadlab/config", body);

                assertThat(response.statusCode()).as(body).isEqualTo(400);
                assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
                assertThat(Http.json(response.body()).get("error").asText())
                        .isEqualTo("unknown upstream 'pricnig': use one of [location, sun, weather, pricing]");
            }
            assertThat(stubs.config()).as("a rejected post changes nothing").isEqualTo(start);
        }
    }

    /** A folder {@code dir/NAME} with the given files under {@code mappings/}. */
    private MappedUpstream upstream(String name, MappedUpstream.Latency latency, Map<String, Double> faults,
                                    Map<String, String> mappingFiles) throws IOException {
        Path mappings = Files.createDirectories(dir.resolve(name).resolve("mappings"));
        for (Map.Entry<String, String> file : mappingFiles.entrySet()) {
            Files.writeString(mappings.resolve(file.getKey()), file.getValue());
        }
        return new MappedUpstream(name, mappings.getParent().toString(), latency, faults);
    }
}
