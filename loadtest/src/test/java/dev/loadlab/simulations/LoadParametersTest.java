package dev.loadlab.simulations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadParametersTest {

    @Test
    void parses_the_duration_forms_the_lab_documents() {
        assertThat(LoadParameters.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(LoadParameters.duration("3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(LoadParameters.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(LoadParameters.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(LoadParameters.duration("PT4S")).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void names_the_accepted_forms_on_bad_input() {
        assertThatThrownBy(() -> LoadParameters.duration("soon"))
                .hasMessageContaining("500ms, 3s, 2m or PT3S");
    }

    @Test
    void phases_name_requests_by_the_window_they_are_sent_in() {
        LoadParameters params = new LoadParameters("http://127.0.0.1:1/api/async", "sun", java.util.List.of(8),
                java.util.List.of(), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
                java.nio.file.Path.of("target"), java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), 10);
        Phase phase = Phase.closed("sun", 8, 0, params);
        PointRecorder recorder = new PointRecorder(params, java.util.List.of(phase));
        long firstRequest = System.currentTimeMillis();

        assertThat(phase.name()).isEqualTo("sun-c8");
        assertThat(recorder.nameAt(firstRequest)).isEqualTo(Phase.WARM_UP);
        assertThat(recorder.nameAt(firstRequest + 999)).isEqualTo(Phase.WARM_UP);
        assertThat(recorder.nameAt(firstRequest + 1_000)).isEqualTo("sun-c8");
        assertThat(recorder.nameAt(firstRequest + 2_999)).isEqualTo("sun-c8");
        assertThat(recorder.nameAt(firstRequest + 3_000)).isEqualTo(Phase.WARM_UP);
    }
}
