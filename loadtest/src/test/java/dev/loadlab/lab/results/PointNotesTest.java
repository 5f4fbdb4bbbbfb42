package dev.loadlab.lab.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A point with no OK response is described by what its requests met instead. */
class PointNotesTest {

    @Test
    void no_successful_response_is_described_by_its_failure_causes() {
        Map<String, Long> causes = new TreeMap<>(Map.of("timeout", 236L, "connection", 1L, "status 503", 1_200L));

        assertThat(PointNotes.noSuccess(new Summary.Requests(0, 1_437, causes))).hasValue(
                "no successful responses: 1 connection error, 1,200 HTTP 503 answers, 236 timeouts");
        assertThat(PointNotes.noSuccess(new Summary.Requests(0, 1, Map.of("timeout", 1L))))
                .hasValue("no successful responses: 1 timeout");
    }

    @Test
    void failures_without_a_recorded_cause_are_counted_as_unknown() {
        assertThat(PointNotes.noSuccess(new Summary.Requests(0, 5, Map.of("status 404", 3L))))
                .hasValue("no successful responses: 3 HTTP 404 answers, 2 failed (unknown)");
        assertThat(PointNotes.noSuccess(new Summary.Requests(0, 0, Map.of())))
                .hasValue("no successful responses: no request completed");
    }

    @Test
    void one_success_is_enough_for_no_note() {
        assertThat(PointNotes.noSuccess(new Summary.Requests(1, 9_999, Map.of("timeout", 9_999L)))).isEmpty();
        assertThat(PointNotes.noSuccess(null)).isEmpty();
    }
}
