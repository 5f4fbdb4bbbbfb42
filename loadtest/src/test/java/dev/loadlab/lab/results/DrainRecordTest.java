package dev.loadlab.lab.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each point records the drain before it; summaries written before that field existed still load. */
class DrainRecordTest {

    private static final Summary.Point POINT = new Summary.Point("x-c16-1", "x", "closed", 16, null, 1, "complete",
            new Summary.Window(0, 1000, 1.0), new Summary.Requests(10, 0, Map.of()), 10.0,
            new Summary.LatencyMs(1, 2, 3, 4, 5, 6, 7, 8), new Summary.Bound(200.0, 80.0, null, 0.125),
            new Summary.Cpu(null, null, 5.0), null, 1, "histograms/x-c16-1.hlog", List.of());

    @Test
    void a_reference_run_written_before_drains_were_recorded_loads_without_them() {
        Summary summary = SummaryFiles.read(SummaryCompatibilityTest.REFERENCE_2026_11_30);

        assertThat(summary.points()).hasSize(18).allSatisfy(p -> assertThat(p.drain()).isNull());
    }

    @Test
    void a_drain_round_trips_and_a_point_without_one_writes_no_drain_field() throws Exception {
        Summary.Point drained = POINT.withDrain(new Summary.Drain(Summary.Drain.PROBE, 30_012, true, 250.0));

        JsonNode json = SummaryFiles.JSON.valueToTree(drained);

        assertThat(json.get("drain").get("timedOut").asBoolean()).isTrue();
        assertThat(json.get("drain").get("durationMs").asLong()).isEqualTo(30_012);
        assertThat(SummaryFiles.JSON.treeToValue(json, Summary.Point.class)).isEqualTo(drained);
        assertThat(SummaryFiles.JSON.valueToTree(POINT).has("drain")).isFalse();
        JsonNode metrics = SummaryFiles.JSON.valueToTree(new Summary.Drain(Summary.Drain.METRICS, 120, false, null));
        assertThat(metrics.has("answerLimitMs")).isFalse();
    }

    @Test
    void a_timed_out_drain_is_a_note_on_its_point_and_a_finished_one_is_not() {
        assertThat(PointNotes.drainTimedOut(new Summary.Drain(Summary.Drain.PROBE, 30_012, true, 250.0)))
                .hasValue("drain timed out after 30 s (no 2xx within 250 ms): this point may carry the previous"
                        + " one's backlog");
        assertThat(PointNotes.drainTimedOut(new Summary.Drain(Summary.Drain.PROBE, 1_200, false, 250.0))).isEmpty();
        assertThat(PointNotes.drainTimedOut(null)).isEmpty();
    }
}
