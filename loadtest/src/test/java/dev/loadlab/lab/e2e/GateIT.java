package dev.loadlab.lab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadlab.lab.Lab;
import dev.loadlab.lab.RunFolders;
import dev.loadlab.lab.results.SummaryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate end to end at tiny scale, with real stub, service and Gatling JVMs: on the normal build it passes
 * (exit 0); with B's request path made slower on purpose ({@code degrade.extra-latency-ms}) it fails with exit 1
 * naming the broken rule. Rules are generous on purpose (a shared 2-core machine): 3 interleaved A/B trials of
 * async at 8 users on a 100 ms critical path; the degraded B doubles that path, so its throughput halves.
 */
class GateIT {

    static final String RULES = """
            profile:
              endpoint: sun
              upstreamLatencyMs: 50
              service: {blocking.pool-size: 4}
              warmup: 500ms
              measure: 2s
              systemWarmup: 1s
              requestTimeout: 5s
              repeats: 3
            statistics: {alpha: 0.1}
            rules:
              - {id: no-failed-requests, type: no-failures}
              - {id: async-efficiency, type: efficiency, variant: async, levels: [8], min: 0.3}
              - {id: throughput-vs-baseline, type: baseline, metric: throughput, variants: [async], levels: [8],
                 tolerance: 0.25}
            """;

    @TempDir
    static Path work;

    static Path rules;
    static int normalExit;
    static int degradedExit;
    static Path normalRun;
    static Path degradedRun;

    @BeforeAll
    static void runTheGateTwice() throws Exception {
        rules = work.resolve("rules.yaml");
        Files.writeString(rules, RULES);
        normalExit = Lab.run("gate", "--rules", rules.toString(), "--results", work.resolve("normal").toString(),
                "--report-dir", work.resolve("normal-report").toString());
        normalRun = RunFolders.onlyRun(work.resolve("normal"));
        degradedExit = Lab.run("gate", "--rules", rules.toString(), "--results", work.resolve("degraded").toString(),
                "--service-config", "degrade.extra-latency-ms=100");
        degradedRun = RunFolders.onlyRun(work.resolve("degraded"));
    }

    @Test
    void passes_on_the_normal_build() throws Exception {
        assertThat(normalExit).as("exit code; verdicts: " + Files.readString(normalRun.resolve("gate/summary.md")))
                .isZero();
        assertThat(statuses(normalRun)).containsOnly("PASS");
        assertThat(work.resolve("normal-report/junit.xml")).isRegularFile();
        assertThat(work.resolve("normal-report/summary.md")).content().contains("Performance gate: PASS");
    }

    @Test
    void alternates_a_and_b_trials_in_one_run() throws Exception {
        JsonNode points = SummaryFiles.JSON.readTree(normalRun.resolve("summary.json").toFile()).get("points");
        List<String> ids = new ArrayList<>();
        points.forEach(p -> ids.add(p.get("id").asText()));
        assertThat(ids).containsExactly("base-async-c8-1", "head-async-c8-1", "head-async-c8-2", "base-async-c8-2",
                "base-async-c8-3", "head-async-c8-3");
        assertThat(normalRun.resolve("gate/setup.json")).content().contains("\"base\"").contains("\"head\"");
    }

    @Test
    void fails_with_exit_1_naming_the_broken_rule_when_b_is_degraded() throws Exception {
        assertThat(degradedExit).as("exit code; verdicts: " + Files.readString(degradedRun.resolve("gate/summary.md")))
                .isEqualTo(1);
        JsonNode verdicts = SummaryFiles.JSON.readTree(degradedRun.resolve("gate/verdicts.json").toFile());
        List<String> failed = new ArrayList<>();
        verdicts.get("verdicts").forEach(v -> {
            if (v.get("status").asText().equals("FAIL")) {
                failed.add(v.get("rule").asText() + "[" + v.get("subject").asText() + "]");
            }
        });
        assertThat(failed).contains("throughput-vs-baseline[async @ 8 users]");
        assertThat(degradedRun.resolve("gate/junit.xml")).content()
                .contains("<failure message=\"expected throughput change &gt;= -25.0% vs baseline");
    }

    @Test
    void judging_the_run_again_gives_the_same_verdict_without_running_anything() {
        assertThat(Lab.run("gate", "--rules", rules.toString(), "--run", degradedRun.toString())).isEqualTo(1);
        assertThat(Lab.run("gate", "--rules", rules.toString(), "--run", normalRun.toString())).isZero();
    }

    private static List<String> statuses(Path run) throws Exception {
        JsonNode verdicts = SummaryFiles.JSON.readTree(run.resolve("gate/verdicts.json").toFile()).get("verdicts");
        List<String> statuses = new ArrayList<>();
        verdicts.forEach(v -> statuses.add(v.get("status").asText()));
        return statuses;
    }

}
