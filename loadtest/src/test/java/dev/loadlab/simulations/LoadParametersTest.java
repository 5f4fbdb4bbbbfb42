package dev.loadlab.simulations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
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
    void reads_back_exactly_what_it_wrote_with_every_optional_field() {
        LoadParameters written = new LoadParameters("https://sun.example:8443/api/async", "weather", List.of(8, 64),
                List.of(12.5, 800.0), Duration.ofMillis(1_500), Duration.ofSeconds(20), Duration.ofMillis(2_500),
                Path.of("target/loadlab/recording"), OptionalLong.of(4_321), OptionalLong.of(8_765), 777,
                Optional.of(Path.of("target/start.txt")), Optional.of(Path.of("runs/x/requests.json")));

        assertThat(readBack(written)).isEqualTo(written);
    }

    @Test
    void reads_back_exactly_what_it_wrote_without_the_optional_fields() {
        LoadParameters written = new LoadParameters("http://127.0.0.1:1/api", "sun", List.of(1), List.of(0.5),
                Duration.ZERO, Duration.ofMinutes(2), Duration.ofSeconds(10), Path.of("out"), OptionalLong.empty(),
                OptionalLong.empty(), 1);

        assertThat(readBack(written)).isEqualTo(written);
    }

    /** What the Gatling JVM reads when launched with {@code written}'s properties (and no other loadlab.* ones). */
    private static LoadParameters readBack(LoadParameters written) {
        Properties saved = (Properties) System.getProperties().clone();
        try {
            System.getProperties().keySet().removeIf(key -> key.toString().startsWith("loadlab."));
            written.toSystemProperties().forEach(System::setProperty);
            return LoadParameters.fromSystemProperties();
        } finally {
            System.setProperties(saved);
        }
    }

    @Test
    void phases_name_requests_by_the_window_they_are_sent_in() {
        LoadParameters params = new LoadParameters("http://127.0.0.1:1/api/async", "sun", List.of(8), List.of(),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Path.of("target"),
                OptionalLong.empty(), OptionalLong.empty(), 10);
        Phase phase = Phase.closed("sun", 8, 0, params);
        PointRecorder recorder = new PointRecorder(params, List.of(phase));
        long firstRequest = System.currentTimeMillis();

        assertThat(phase.name()).isEqualTo("sun-c8");
        assertThat(recorder.nameAt(firstRequest)).isEqualTo(Phase.WARM_UP);
        assertThat(recorder.nameAt(firstRequest + 999)).isEqualTo(Phase.WARM_UP);
        assertThat(recorder.nameAt(firstRequest + 1_000)).isEqualTo("sun-c8");
        assertThat(recorder.nameAt(firstRequest + 2_999)).isEqualTo("sun-c8");
        assertThat(recorder.nameAt(firstRequest + 3_000)).isEqualTo(Phase.WARM_UP);
    }
}
