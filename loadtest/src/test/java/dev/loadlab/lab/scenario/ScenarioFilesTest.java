package dev.loadlab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.lab.run.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario file is checked whole before anything starts: each problem names the file, the line, the key and the fix. */
class ScenarioFilesTest {

    @TempDir
    Path dir;

    private static final String VALID = """
            name: shop
            upstreams:
              pricing:
                mappings: upstreams/pricing
                latency: {profile: fixed, ms: 80}
              inventory:
                mappings: upstreams/inventory
                latency: {profile: lognormal, ms: 50, sigma: 0.2}
            variants:
              blocking:
                command: [java, -jar, app.jar, --port, "{port}", --pricing, "{upstream.pricing.url}"]
                baseUrl: http://127.0.0.1:{port}
                ready: {http: /health}
                criticalPath: {quote: [pricing, inventory]}
              async:
                command: [java, -jar, app.jar, --port, "{port}"]
                baseUrl: http://127.0.0.1:{port}/
                ready: {log: "listening on"}
              running: {url: http://127.0.0.1:9000/api}
            criticalPath: {parallel: [pricing, inventory]}
            load:
              feeders:
                orders: {csv: data/orders.csv}
                channels: {records: [{channel: web}]}
              requests:
                - name: quote
                  path: "/quote/#{sku}?qty=#{qty}"
                  headers: {X-Channel: "#{channel}", X-Trace: "#{randomUuid()}"}
                - name: health
                  path: /health
                  weight: 0
                  floorMs: 0
            defaults:
              levels: [8, 32]
              quick: {levels: [8]}
            """;

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(dir.resolve("upstreams/pricing/mappings"));
        Files.createDirectories(dir.resolve("upstreams/inventory/mappings"));
        Files.writeString(dir.resolve("upstreams/pricing/mappings/price.json"), "{\"request\": {\"url\": \"/p\"}}");
        Files.writeString(dir.resolve("upstreams/inventory/mappings/stock.json"), "{\"request\": {\"url\": \"/s\"}}");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/orders.csv"), "sku,qty\nA100,2\n");
    }

    @Test
    void a_valid_file_resolves_paths_against_its_own_folder_and_computes_each_variants_floor() throws IOException {
        Scenario scenario = load(VALID);

        assertThat(scenario.upstreams().get("pricing").mappingsDir()).isEqualTo(dir.resolve("upstreams/pricing"));
        assertThat(scenario.requests().feeders().get("orders").csv()).isEqualTo(dir.resolve("data/orders.csv").toString());
        assertThat(scenario.variants().get("blocking").workingDir()).isEqualTo(dir);
        assertThat(scenario.variants().get("blocking").shell()).isFalse();
        assertThat(scenario.variants().get("async").baseUrl()).isEqualTo("http://127.0.0.1:{port}");
        assertThat(scenario.variants().get("running").isRunning()).isTrue();
        Map<String, Double> means = Map.of("pricing", 80.0, "inventory", 50.0);
        assertThat(scenario.floorMs("async", scenario.requests(), means)).isEqualTo(80.0);
        assertThat(scenario.floorMs("blocking", scenario.requests(), means)).isEqualTo(130.0);
        assertThat(scenario.describePath("async", scenario.requests())).isEqualTo("max(pricing, inventory)");
        assertThat(scenario.requests().label()).isEqualTo("quote");
        assertThat(scenario.defaults().levels()).containsExactly(8, 32);
        assertThat(scenario.defaults().quickOrSelf().levels()).containsExactly(8);
        assertThat(scenario.defaults().quickOrSelf().measure()).hasSeconds(3); // the lab's quick default
    }

    @Test
    void an_unknown_key_names_its_line_and_the_keys_that_exist() {
        assertThatThrownBy(() -> load(VALID.replace("    ready: {http: /health}", "    readyy: {http: /health}")))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("scenario.yaml, line 13: unknown key 'variants.blocking.readyy'")
                .hasMessageContaining("known keys here:").hasMessageContaining("ready");
    }

    @Test
    void an_upstream_in_a_critical_path_must_be_declared() {
        assertThatThrownBy(() -> load(VALID.replace("criticalPath: {parallel: [pricing, inventory]}",
                "criticalPath: {parallel: [pricing, shipping]}")))
                .hasMessageContaining("line 20, criticalPath: upstream 'shipping' is not declared; declare it under"
                        + " upstreams or fix the name (declared: [pricing, inventory])");
    }

    @Test
    void a_feeder_column_the_requests_use_must_exist() {
        assertThatThrownBy(() -> load(VALID.replace("?qty=#{qty}", "?qty=#{quantity}")))
                .hasMessageContaining("load.requests.0: #{quantity} is not a column of any feeder (columns: [sku,"
                        + " qty, channel])");
    }

    @Test
    void a_mapping_folder_with_invalid_json_names_the_file_and_the_line() throws IOException {
        Files.writeString(dir.resolve("upstreams/inventory/mappings/broken.json"), "{\n  \"request\": {url: 1}\n}");

        assertThatThrownBy(() -> load(VALID))
                .hasMessageContaining("upstreams.inventory.mappings: " + dir.resolve("upstreams/inventory/mappings/broken.json")
                        + " is not valid JSON (line 2:")
                .hasMessageContaining("fix the file or record it again with ./lab record");
    }

    @Test
    void a_mapping_folder_without_mappings_is_refused() {
        assertThatThrownBy(() -> load(VALID.replace("mappings: upstreams/pricing", "mappings: upstreams/nothing")))
                .hasMessageContaining("line 4, upstreams.pricing.mappings: " + dir.resolve("upstreams/nothing")
                        + " has no mappings/ folder");
    }

    @Test
    void a_variant_is_exactly_one_kind_and_a_started_one_needs_a_base_url_and_readiness() {
        assertThatThrownBy(() -> load(VALID.replace("  running: {url: http://127.0.0.1:9000/api}",
                "  running: {url: http://127.0.0.1:9000/api, builtin: async}")))
                .hasMessageContaining("variants.running: variant running needs exactly one of builtin, url or command");
        assertThatThrownBy(() -> load(VALID.replace("    ready: {log: \"listening on\"}\n", "")))
                .hasMessageContaining("variants.async.ready: a started variant needs one readiness check");
        assertThatThrownBy(() -> load(VALID.replace("--pricing, \"{upstream.pricing.url}\"",
                "--pricing, \"{upstream.prices.url}\"")))
                .hasMessageContaining("unknown placeholder {upstream.prices.url}");
    }

    @Test
    void a_request_needs_a_critical_path_or_a_floor() {
        assertThatThrownBy(() -> load(VALID.replace("criticalPath: {parallel: [pricing, inventory]}\n", "")))
                .hasMessageContaining("load.requests.0: request quote has no critical path");
    }

    @Test
    void yaml_that_does_not_parse_says_so_with_the_line() {
        assertThatThrownBy(() -> load("name: x\nvariants: [\n"))
                .isInstanceOf(LabException.class).hasMessageContaining("scenario.yaml, line");
    }

    private Scenario load(String yaml) throws IOException {
        Path file = dir.resolve("scenario.yaml");
        Files.writeString(file, yaml);
        return ScenarioFiles.load(file);
    }
}
