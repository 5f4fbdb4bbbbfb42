package dev.loadlab.lab.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.lab.run.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateRulesTest {

    /** The committed defaults, from the project root (surefire runs in loadtest/). */
    static final Path DEFAULT_RULES = Path.of("..", "gate", "rules.yaml");

    static final String PROFILE = """
            profile:
              endpoint: sun
              upstreamLatencyMs: 100
              service: {blocking.pool-size: 16}
              warmup: 1s
              measure: 3s
              systemWarmup: 2s
              requestTimeout: 10s
              repeats: 5
            """;

    @TempDir
    Path dir;

    @Test
    void the_committed_defaults_load_and_plan_async_ab_at_both_levels_and_blocking_above_the_pool() {
        GateRules rules = GateRules.load(DEFAULT_RULES);

        assertThat(rules.profile().service()).containsEntry("blocking.pool-size", "8");
        assertThat(rules.statistics().test()).isEqualTo("mann-whitney");
        assertThat(rules.needs()).contains(new Rule.Need("async", 8, true), new Rule.Need("async", 32, true),
                new Rule.Need("async", 128, true), new Rule.Need("blocking", 32, false));
        assertThat(rules.rules()).extracting(Rule::id).contains("no-failed-requests", "async-efficiency",
                "async-over-blocking", "throughput-vs-baseline", "latency-vs-baseline", "p99-vs-baseline",
                "cpu-vs-baseline");
    }

    @Test
    void json_with_comments_reads_like_yaml() throws IOException {
        Path json = dir.resolve("rules.json");
        Files.writeString(json, """
                // the same rules, as JSON
                {"profile": {"endpoint": "sun", "upstreamLatencyMs": 50, "warmup": "1s", "measure": "2s",
                             "systemWarmup": "0s", "requestTimeout": "5s", "repeats": 3},
                 /* statistics take their defaults */
                 "rules": [{"type": "no-failures", "id": "ok"},
                           {"type": "baseline", "id": "tput", "metric": "throughput", "variants": ["async"],
                            "levels": [8], "tolerance": 0.1},]}
                """);
        GateRules rules = GateRules.load(json);

        assertThat(rules.profile().upstreamLatencyMs()).isEqualTo(50);
        assertThat(rules.statistics().alpha()).isEqualTo(0.05);
        assertThat(rules.rules()).hasSize(2);
    }

    @Test
    void an_unknown_field_is_named_with_its_line() throws IOException {
        assertThatThrownBy(() -> load(PROFILE + """
                rules:
                  - id: tput
                    type: baseline
                    metric: throughput
                    variants: [async]
                    levels: [8]
                    tolerence: 0.1
                """)).isInstanceOf(LabException.class).hasMessageContaining("tolerence").hasMessageContaining("line")
                .satisfies(e -> assertThat(((LabException) e).exitCode()).isEqualTo(2));
    }

    @Test
    void an_unknown_rule_type_is_refused() {
        assertThatThrownBy(() -> load(PROFILE + """
                rules:
                  - {id: x, type: latency-budget}
                """)).isInstanceOf(LabException.class).hasMessageContaining("latency-budget");
    }

    @Test
    void rule_problems_name_the_rule() {
        assertThatThrownBy(() -> load(PROFILE + """
                rules:
                  - {id: tput, type: baseline, metric: throughput, variants: [async], levels: [8], tolerance: 10}
                """)).hasMessageContaining("rule tput").hasMessageContaining("tolerance must be in (0, 1)");
        assertThatThrownBy(() -> load(PROFILE + """
                rules:
                  - {id: eff, type: efficiency, variant: "re active", levels: [8], min: 0.5}
                """)).hasMessageContaining("rule eff").hasMessageContaining("'re active' is not a variant name");
        assertThatThrownBy(() -> load(PROFILE + """
                rules:
                  - {id: same, type: no-failures}
                  - {id: same, type: no-failures}
                """)).hasMessageContaining("'same' is used twice");
    }

    @Test
    void a_bad_profile_is_refused() {
        assertThatThrownBy(() -> load(PROFILE.replace("measure: 3s", "measure: soon") + """
                rules:
                  - {id: ok, type: no-failures}
                """)).hasMessageContaining("profile.measure");
        assertThatThrownBy(() -> load(PROFILE.replace("upstreamLatencyMs: 100", "upstreamLatencyMs: 0") + """
                rules:
                  - {id: ok, type: no-failures}
                """)).hasMessageContaining("profile.upstreamLatencyMs must be 1..10000");
    }

    @Test
    void a_missing_file_says_how_to_give_one() {
        assertThatThrownBy(() -> GateRules.load(dir.resolve("nope.yaml"))).hasMessageContaining("--rules");
    }

    private GateRules load(String yaml) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, yaml);
        return GateRules.load(file);
    }
}
