package dev.loadlab.lab.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.lab.run.LabException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options the three reliability commands share are declared and checked once, with each command's defaults. */
class ReliabilityOptionsTest {

    private static <T> T parse(T command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void every_scenario_takes_the_shared_options_with_the_same_names() {
        OverloadCommand.Plan overload = parse(new OverloadCommand(), "--variants", "async", "--endpoint", "weather",
                "--latency-ms", "20", "--system-warmup", "1s").plan();
        ResilienceCommand.Plan resilience = parse(new ResilienceCommand(), "--variants", "async", "--endpoint",
                "weather", "--latency-ms", "20", "--system-warmup", "1s").plan();
        SoakCommand.Plan soak = parse(new SoakCommand(), "--variants", "async", "--endpoint", "weather",
                "--latency-ms", "20", "--system-warmup", "1s").plan();

        assertThat(overload.variants()).isEqualTo(resilience.variants()).isEqualTo(soak.variants()).containsExactly("async");
        assertThat(overload.endpoint()).isEqualTo(resilience.endpoint()).isEqualTo(soak.endpoint()).isEqualTo("weather");
        assertThat(overload.scenario().upstreams().meanLatencyMs())
                .isEqualTo(resilience.scenario().upstreams().meanLatencyMs())
                .isEqualTo(soak.scenario().upstreams().meanLatencyMs())
                .isEqualTo(Map.of("location", 20.0, "sun", 20.0, "weather", 20.0));
        assertThat(overload.warmup()).isEqualTo(resilience.warmup()).isEqualTo(soak.warmup())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void each_command_keeps_its_own_defaults() {
        OverloadCommand overload = parse(new OverloadCommand());
        SoakCommand soak = parse(new SoakCommand());

        assertThat(overload.plan().warmup()).isEqualTo(Duration.ofSeconds(3));
        assertThat(parse(new ResilienceCommand()).plan().warmup()).isEqualTo(Duration.ofSeconds(3));
        assertThat(soak.plan().warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(overload.plan().variants()).containsExactly("blocking", "virtual", "async", "eventloop");
        assertThat(overload.plan().scenario().upstreams().meanLatencyMs()).as("the built-in scenario at 50 ms here")
                .containsEntry("sun", 50.0).containsEntry("location", 50.0);
        assertThat(overload.plan().endpoint()).isEqualTo("sun");
        assertThat(overload.options.name()).isEqualTo("overload");
        assertThat(soak.options.name()).isEqualTo("soak");
        assertThat(parse(new SoakCommand(), "--name", "night").options.name()).isEqualTo("night");
    }

    @Test
    void a_bad_shared_option_is_one_line_naming_it_and_the_fix() {
        assertThatThrownBy(() -> parse(new SoakCommand(), "--variants", "async,fast").plan())
                .isInstanceOf(LabException.class)
                .hasMessage("unknown variant 'fast': the scenario sun has [blocking, virtual, async, eventloop]");
        assertThatThrownBy(() -> parse(new OverloadCommand(), "--variants", "async,async").plan())
                .hasMessage("--variants lists a variant twice: [async, async]");
        assertThatThrownBy(() -> parse(new SoakCommand(), "--endpoint", "moon").plan())
                .hasMessage("unknown --endpoint 'moon': use one of [sun, weather, city]");
        assertThatThrownBy(() -> parse(new OverloadCommand(), "--latency-ms", "0").plan())
                .hasMessageStartingWith("variant 'blocking' waits 0 ms on its upstreams: overload needs at least 1 ms");
        assertThatThrownBy(() -> parse(new ResilienceCommand(), "--latency-ms", "-1").plan())
                .hasMessage("--latency-ms must be 0..10000");
    }
}
