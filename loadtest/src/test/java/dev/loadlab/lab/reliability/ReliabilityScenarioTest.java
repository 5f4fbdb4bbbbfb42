package dev.loadlab.lab.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.scenario.CriticalPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The reliability commands on a scenario: which variants they start, where a resilience episode's faults go (so one
 * request meets at most one fault), each variant's capacity under overload, and the inputs they refuse before
 * anything starts. The quote example is anyone's service (examples/quote/scenario.yaml).
 */
class ReliabilityScenarioTest {

    private static final String QUOTE = "../examples/quote/scenario.yaml";

    @TempDir
    Path dir;

    private static <T> T parse(T command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void faults_go_to_the_calls_a_request_makes_one_at_a_time_and_once() {
        ReliabilityScenario sun = parse(new ResilienceCommand()).plan().scenario();
        assertThat(sun.faultableUpstreams("async")).containsExactly("location", "sun");

        ReliabilityScenario city = parse(new ResilienceCommand(), "--endpoint", "city").plan().scenario();
        assertThat(city.faultableUpstreams("blocking")).as("blocking calls weather after the sun chain")
                .containsExactly("location", "sun", "weather");
        assertThat(city.faultableUpstreams("async")).as("weather runs alongside: a fault there could meet another")
                .containsExactly("location", "sun");

        ResilienceCommand.Plan quote = parse(new ResilienceCommand(), "--scenario", QUOTE).plan();
        assertThat(quote.faultedUpstreams("blocking")).containsExactly("pricing", "inventory", "shipping");
        assertThat(quote.faultedUpstreams("async")).containsExactly("pricing", "shipping");
        assertThat(quote.faultConfig("http500", "async"))
                .isEqualTo("{\"faults\":{\"pricing\":{\"http500\":0.1000},\"shipping\":{\"http500\":0.1000}}}");
    }

    @Test
    void a_spine_is_every_call_in_sequence_and_a_parallel_groups_first_branch() {
        CriticalPath path = new CriticalPath.Sequence(List.of(new CriticalPath.Parallel(List.of(
                new CriticalPath.Sequence(List.of(new CriticalPath.Call("a"), new CriticalPath.Call("b"))),
                new CriticalPath.Call("c"))), new CriticalPath.Call("d")));
        assertThat(path.spine()).containsExactly("a", "b", "d");
        assertThat(new CriticalPath.Floor(120).spine()).isEmpty();
    }

    @Test
    void a_scenarios_variant_answers_faults_as_it_declares_within_its_own_timeout() {
        ResilienceCommand.Plan quote = parse(new ResilienceCommand(), "--scenario", QUOTE,
                "--read-timeout", "1s").plan();
        assertThat(quote.answers().status()).isEqualTo(502);
        assertThat(quote.answers().timeoutStatus()).isEqualTo(504);
        assertThat(quote.readTimeout("async")).as("its own, not --read-timeout: the lab cannot set it")
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(quote.slowMs()).isEqualTo(4000);
        // 2 s + the slowest path with every upstream at the spike (10 x 80 ms): 800 + 800 + 800 ms, + 1 s slack
        assertThat(quote.hangBoundMs("blocking")).isEqualTo(2000 + 2400 + 1000);
        assertThat(quote.hangBoundMs("async")).isEqualTo(2000 + 1600 + 1000);
    }

    @Test
    void overload_knows_a_variants_capacity_from_its_pool_and_critical_path() {
        OverloadCommand.Plan plan = parse(new OverloadCommand(), "--scenario", QUOTE, "--variants", "blocking",
                "--adversaries", "open").plan();
        assertThat(plan.capacityRps("blocking")).isCloseTo(32 / 0.180, within(0.01));
        assertThat(plan.rateRps()).as("10 x the slowest capacity").isCloseTo(10 * 32 / 0.180, within(0.01));
        assertThat(plan.okBoundMs("blocking")).as("no queue the lab knows of: the path alone").isEqualTo(180.0);

        assertThatThrownBy(() -> parse(new OverloadCommand(), "--scenario", QUOTE).plan())
                .isInstanceOf(LabException.class)
                .hasMessageStartingWith("variant 'async' declares no pool: overload needs the most requests it serves"
                        + " at once to know its capacity; add pool: N to it in " + QUOTE);
    }

    @Test
    void the_built_in_scenario_keeps_its_capacities() {
        OverloadCommand.Plan plan = parse(new OverloadCommand()).plan();
        assertThat(plan.capacityRps("blocking")).as("16 threads / (2 x 50 ms)").isCloseTo(160.0, within(0.01));
        assertThat(plan.capacityRps("async")).as("64 in flight / 100 ms").isCloseTo(640.0, within(0.01));
        assertThat(plan.rateRps()).isCloseTo(1600.0, within(0.01));
    }

    @Test
    void a_running_url_or_a_slow_fault_past_an_undeclared_timeout_is_refused_before_anything_starts()
            throws IOException {
        Path scenario = dir.resolve("mine.yaml");
        Files.writeString(scenario, """
                name: mine
                upstreams: {sun: {builtin: sun}}
                variants:
                  started:
                    command: [java, -jar, app.jar, --port, "{port}"]
                    baseUrl: http://127.0.0.1:{port}
                    ready: {http: /health}
                  running: {url: "http://127.0.0.1:9/api"}
                criticalPath: [sun]
                load: {requests: [{name: get, path: /get}]}
                """);
        assertThatThrownBy(() -> parse(new SoakCommand(), "--scenario", scenario.toString()).plan())
                .isInstanceOf(LabException.class)
                .hasMessageStartingWith("variant 'running' is a running URL (http://127.0.0.1:9/api): the reliability"
                        + " commands watch the processes they start");
        assertThatThrownBy(() -> parse(new ResilienceCommand(), "--scenario", scenario.toString(), "--variants",
                "started").plan())
                .hasMessageStartingWith("variant 'started': a slow fault must outlast its upstream timeout, which "
                        + scenario + " does not declare: add upstreamFailures: {timeout: 2s}");
        assertThat(parse(new ResilienceCommand(), "--scenario", scenario.toString(), "--variants", "started",
                "--faults", "http500,reset").plan().faultedUpstreams("started")).containsExactly("sun");
    }
}
