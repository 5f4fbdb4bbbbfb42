package dev.loadlab.lab.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fields scale-out added are optional: old summaries read, and points without them write as before. */
class SummaryCompatibilityTest {

    @Test
    void a_point_and_config_without_the_new_fields_write_as_before() throws Exception {
        Summary.Point point = new Summary.Point("async-c8-1", "async", "closed", 8, null, 1, "complete",
                new Summary.Window(0, 1000, 1.0), new Summary.Requests(10, 0, Map.of()), 10.0,
                new Summary.LatencyMs(1, 2, 3, 4, 5, 6, 7, 8), new Summary.Bound(200.0, 40.0, null, 0.25),
                new Summary.Cpu(null, null, 5.0), null, 1, "histograms/async-c8-1.hlog", List.of());
        Summary.RunConfig config = new Summary.RunConfig("sun", List.of("async"), Map.of(), true, "fixed", Map.of(),
                64, 1024, List.of(8), List.of(), 1, 1, 10, 1, 1);

        JsonNode pointJson = SummaryFiles.JSON.valueToTree(point);
        JsonNode configJson = SummaryFiles.JSON.valueToTree(config);

        assertThat(pointJson.has("reason")).isFalse();
        assertThat(pointJson.has("perInjector")).isFalse();
        assertThat(pointJson.has("complete")).isFalse();
        assertThat(configJson.has("serviceReplicas")).isFalse();
        assertThat(configJson.has("replicas")).isFalse();
        assertThat(SummaryFiles.JSON.treeToValue(pointJson, Summary.Point.class)).isEqualTo(point);
        assertThat(SummaryFiles.JSON.treeToValue(configJson, Summary.RunConfig.class)).isEqualTo(config);
        assertThat(config.replicas()).isEqualTo(1);
        assertThat(point.complete()).isTrue();
    }

    @Test
    void the_new_fields_round_trip() throws Exception {
        Summary.Point point = new Summary.Point("async-c8-1", "async", "closed", 8, null, 1, "incomplete",
                new Summary.Window(0, 1000, 1.0), new Summary.Requests(10, 0, Map.of()), 10.0,
                new Summary.LatencyMs(1, 2, 3, 4, 5, 6, 7, 8), new Summary.Bound(200.0, 40.0, null, 0.25),
                new Summary.Cpu(null, null, 5.0), null, 2, "h", List.of("a"), "injector 2 of 2 missing",
                List.of(new Summary.Injector(1, "complete", null, 4, null, 10L, 0L, 10.0, 0L, 5.0, 0.01, "a"),
                        Summary.Injector.notMeasured(2, Summary.Injector.MISSING, "no injector.json")));

        String json = SummaryFiles.JSON.writeValueAsString(point);

        assertThat(SummaryFiles.JSON.readValue(json, Summary.Point.class)).isEqualTo(point);
        assertThat(json).doesNotContain("\"throughputRps\" : null");
    }
}
