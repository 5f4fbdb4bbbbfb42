package dev.loadlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.lab.results.Summary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table printed at the end of a run says what its numbers cannot. */
class ConsoleTableTest {

    private static Summary.Point point(String id, long ok, long ko, Map<String, Long> causes, double rps,
                                       Summary.LatencyMs latency) {
        return new Summary.Point(id, "x", "closed", 16, null, 1, "complete", new Summary.Window(0, 3000, 3.0),
                new Summary.Requests(ok, ko, causes), rps, latency, new Summary.Bound(200.0, 80.0, null, rps / 80.0),
                new Summary.Cpu(null, null, 12.0), null, 1, "histograms/" + id + ".hlog", List.of());
    }

    private static Summary summary(Summary.Point... points) {
        return new Summary(Summary.SCHEMA_VERSION, null, null, List.of(points));
    }

    private static final Summary.LatencyMs MEASURED = new Summary.LatencyMs(200, 203, 206, 208, 215, 230, 240, 204);

    @Test
    void a_point_with_no_successful_response_shows_no_latency_and_says_why() {
        Summary.Point dead = point("x-c16-1", 0, 64_290, Map.of("connection", 64_290L), 0.0,
                new Summary.LatencyMs(0, 0, 0, 0, 0, 0, 0, 0));

        List<String> lines = ConsoleTable.render(summary(dead)).lines().toList();

        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).split("\\s+")).containsExactly("x", "closed", "16u", "0.0", "80.0", "0%", "-", "-",
                "64290", "-");
        assertThat(lines.get(2)).isEqualTo("           x-c16-1: no successful responses: 64,290 connection errors");
    }

    @Test
    void a_point_with_successes_shows_its_latency_and_no_note() {
        List<String> lines = ConsoleTable.render(summary(point("x-c16-1", 240, 2, Map.of("timeout", 2L), 80.0,
                MEASURED))).lines().toList();

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).split("\\s+")).containsExactly("x", "closed", "16u", "80.0", "80.0", "100%", "203.0",
                "215.0", "2", "-");
    }

    @Test
    void a_point_whose_drain_timed_out_gets_a_line_that_says_so() {
        Summary.Point late = point("x-c256-1", 600, 0, Map.of(), 200.0, MEASURED)
                .withDrain(new Summary.Drain(Summary.Drain.PROBE, 30_020, true, 250.0));
        Summary.Point fine = point("x-c16-1", 240, 0, Map.of(), 80.0, MEASURED)
                .withDrain(new Summary.Drain(Summary.Drain.PROBE, 310, false, 250.0));

        List<String> lines = ConsoleTable.render(summary(fine, late)).lines().toList();

        assertThat(lines).hasSize(4);
        assertThat(lines.get(2)).startsWith("x          closed     16u");
        assertThat(lines.get(3)).isEqualTo("           x-c256-1: drain timed out after 30 s (no 2xx within 250 ms):"
                + " this point may carry the previous one's backlog");
    }
}
