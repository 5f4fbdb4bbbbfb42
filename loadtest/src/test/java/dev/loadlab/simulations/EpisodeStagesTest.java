package dev.loadlab.simulations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The episode's stage list as the lab writes it into {@code loadlab.stages}. */
class EpisodeStagesTest {

    @Test
    void open_model_stages_and_pauses_parse_side_by_side() {
        List<EpisodeSimulation.Stage> stages = EpisodeSimulation.Stage.parse("before:3.000:80.000,storm:10.000:0.000");

        assertThat(stages).containsExactly(
                new EpisodeSimulation.Stage("before", Duration.ofSeconds(3), 80),
                new EpisodeSimulation.Stage("storm", Duration.ofSeconds(10), 0));
    }

    @Test
    void a_stage_with_extra_fields_is_refused_with_the_format() {
        assertThatThrownBy(() -> EpisodeSimulation.Stage.parse("storm:10:0:400:100"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name:seconds:rps");
    }
}
