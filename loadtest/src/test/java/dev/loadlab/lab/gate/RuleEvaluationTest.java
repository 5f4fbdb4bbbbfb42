package dev.loadlab.lab.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.lab.run.LabException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** Rules judged on written run folders: no load, no timing. */
class RuleEvaluationTest {

    static final String RULES = GateRulesTest.PROFILE + """
            rules:
              - {id: no-failed-requests, type: no-failures}
              - {id: async-p99, type: p99-within-upstream, variant: async, levels: [8], marginMs: 150}
              - {id: async-efficiency, type: efficiency, variant: async, levels: [8, 64], min: 0.5}
              - {id: async-over-blocking, type: throughput-ratio, variant: async, reference: blocking, levels: [64], min: 2.0}
              - {id: throughput-vs-baseline, type: baseline, metric: throughput, variants: [async], levels: [8, 64], tolerance: 0.10}
              - {id: cpu-vs-baseline, type: baseline, metric: cpu, variants: [async], levels: [64], tolerance: 0.15}
            """;

    @TempDir
    Path dir;

    @Test
    void pinning_is_judged_on_bs_evidence_and_a_failure_names_the_pinned_stack() throws IOException {
        String rules = GateRulesTest.PROFILE + """
                rules:
                  - {id: pinning, type: pinning, variants: [async], levels: [64], max: 0}
                """;
        GateRunFixture clean = GateRunFixture.run().trials("head-async", 64, 300, 1200, 280, 290)
                .pinned("head-async", 64, 0, 0);
        GateResult passed = judge(clean.writeTo(dir.resolve("clean")), null, rules);
        assertThat(passed.exitCode()).isZero();
        assertThat(verdict(passed, "pinning[async@64]").detail()).isEqualTo("no jdk.VirtualThreadPinned event in 2 trials");

        GateRunFixture pinning = GateRunFixture.run().trials("head-async", 64, 300, 1200, 280, 290)
                .trials("base-async", 64, 300, 1200, 280, 290)
                .pinned("head-async", 64, 0, 12).pinned("base-async", 64, 0, 0);
        GateResult failed = judge(pinning.writeTo(dir.resolve("pinning")), null, rules);
        assertThat(failed.exitCode()).isEqualTo(1);
        Verdict verdict = verdict(failed, "pinning[async@64]");
        assertThat(verdict.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(verdict.measured()).isEqualTo("12 pinned");
        assertThat(verdict.detail()).isEqualTo("top pinned stack (head-async-c64-2): "
                + "dev.loadlab.service.Pinning$NativeFrame.run <- dev.loadlab.service.PinnedUpstreams.location");

        GateRunFixture unrecorded = GateRunFixture.run().trials("head-async", 64, 300, 1200, 280, 290);
        GateResult notJudged = judge(unrecorded.writeTo(dir.resolve("unrecorded")), null, rules);
        assertThat(notJudged.exitCode()).as("no evidence: cannot judge").isEqualTo(2);
        assertThat(verdict(notJudged, "pinning[async@64]").detail())
                .isEqualTo("head-async-c64-1 has no evidence: not recorded; the pinning rule needs JFR evidence from"
                        + " the variant's JVM");
    }

    @Test
    void an_unchanged_build_passes_every_rule() throws IOException {
        GateResult result = judge(healthyAb().writeTo(dir.resolve("run")), null, RULES);

        assertThat(result.verdicts()).extracting(Verdict::status).containsOnly(Verdict.Status.PASS);
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void a_twenty_percent_slower_request_path_fails_throughput_naming_the_rule_with_expected_measured_and_margin()
            throws IOException {
        GateRunFixture run = GateRunFixture.run()
                .trials("base-async", 8, 250, 1500, 36, 37, 35, 36.5, 37.5)
                .trials("head-async", 8, 290, 1500, 30, 31, 29.5, 30.5, 31.5)
                .trials("head-blocking", 64, 900, 1500, 75, 74)
                .trials("base-async", 64, 300, 1200, 280, 290, 285, 283, 287)
                .trials("head-async", 64, 340, 1200, 240, 245, 238, 243, 241);
        GateResult result = judge(run.writeTo(dir.resolve("run")), null, RULES);

        assertThat(result.exitCode()).isEqualTo(1);
        Verdict verdict = verdict(result, "throughput-vs-baseline[async@8]");
        assertThat(verdict.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(verdict.expected()).isEqualTo("throughput change >= -10.0% vs baseline");
        assertThat(verdict.measured()).startsWith("-16.4% (36.5 -> 30.5 req/s, p=0.004)");
        assertThat(verdict.margin()).isEqualTo("-6.4 pp");
        assertThat(verdict.marginValue()).isNegative();
        assertThat(verdict(result, "throughput-vs-baseline[async@64]").status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(VerdictWriters.headline(result)).startsWith("gate: FAIL, exit 1")
                .contains("throughput-vs-baseline[async@8]");
    }

    @Test
    void beyond_the_tolerance_without_evidence_warns_and_passes() throws IOException {
        GateRunFixture run = GateRunFixture.run()
                .trials("base-async", 8, 250, 1500, 36, 25, 37, 36, 24)
                .trials("head-async", 8, 250, 1500, 30, 37, 31, 36, 29)
                .trials("head-blocking", 64, 900, 1500, 75, 74)
                .trials("base-async", 64, 300, 1200, 280, 290, 285, 283, 287)
                .trials("head-async", 64, 300, 1200, 281, 288, 286, 284, 282);
        GateResult result = judge(run.writeTo(dir.resolve("run")), null, RULES);

        Verdict verdict = verdict(result, "throughput-vs-baseline[async@8]");
        assertThat(verdict.status()).isEqualTo(Verdict.Status.WARN);
        assertThat(verdict.detail()).contains("not significant");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void a_small_significant_change_is_within_the_tolerance() throws IOException {
        GateRunFixture run = GateRunFixture.run()
                .trials("base-async", 8, 250, 1500, 36, 36.2, 36.4, 36.6, 36.8)
                .trials("head-async", 8, 250, 1500, 34, 34.2, 34.4, 34.6, 34.8)
                .trials("head-blocking", 64, 900, 1500, 75, 74)
                .trials("base-async", 64, 300, 1200, 280, 290, 285, 283, 287)
                .trials("head-async", 64, 300, 1200, 281, 288, 286, 284, 282);
        Verdict verdict = verdict(judge(run.writeTo(dir.resolve("run")), null, RULES), "throughput-vs-baseline[async@8]");

        assertThat(verdict.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(verdict.detail()).contains("Significant but within the tolerance");
    }

    @Test
    void more_cpu_per_request_fails_the_cpu_rule() throws IOException {
        GateRunFixture run = GateRunFixture.run()
                .trials("base-async", 8, 250, 1500, 36, 37, 35, 36.5, 37.5)
                .trials("head-async", 8, 250, 1500, 36, 37, 35, 36.5, 37.5)
                .trials("head-blocking", 64, 900, 1500, 75, 74)
                .trials("base-async", 64, 300, 1200, 280, 290, 285, 283, 287);
        for (int repeat = 1; repeat <= 5; repeat++) {
            run.point("head-async", 64, repeat, 284, 300, 1500 + repeat, 0);
        }
        GateResult result = judge(run.writeTo(dir.resolve("run")), null, RULES);

        assertThat(verdict(result, "cpu-vs-baseline[async@64]").status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(verdict(result, "cpu-vs-baseline[async@64]").measured()).startsWith("+25.");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void a_slower_path_shows_in_mean_latency_even_where_throughput_moves_in_steps() throws IOException {
        String rules = GateRulesTest.PROFILE + """
                rules:
                  - {id: throughput-vs-baseline, type: baseline, metric: throughput, variants: [async], levels: [8], tolerance: 0.10}
                  - {id: latency-vs-baseline, type: baseline, metric: mean, variants: [async], levels: [8], tolerance: 0.10}
                """;
        GateRunFixture run = GateRunFixture.run();
        double[] baseThroughput = {32.0, 40.0, 37.3, 34.7, 34.7};   // 8 users in step: multiples of 8 / 3 s
        double[] headThroughput = {29.3, 32.0, 29.7, 32.0, 32.0};
        for (int repeat = 1; repeat <= 5; repeat++) {
            run.point("base-async", 8, repeat, baseThroughput[repeat - 1], 208 + repeat, 250, 1500, 0);
            run.point("head-async", 8, repeat, headThroughput[repeat - 1], 248 + repeat, 290, 1500, 0);
        }
        GateResult result = judge(run.writeTo(dir.resolve("run")), null, rules);

        assertThat(verdict(result, "throughput-vs-baseline[async@8]").status()).isEqualTo(Verdict.Status.PASS);
        Verdict latency = verdict(result, "latency-vs-baseline[async@8]");
        assertThat(latency.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(latency.measured()).startsWith("+19.0% (211.0 -> 251.0 ms, p=0.004)");
    }

    @Test
    void failed_requests_and_a_capped_async_path_break_the_slo_and_model_rules() throws IOException {
        GateRunFixture run = GateRunFixture.run()
                .trials("base-async", 8, 250, 1500, 36, 37, 35, 36.5, 37.5)
                .trials("head-async", 8, 250, 1500, 36, 37, 35, 36.5, 37.5)
                .trials("head-blocking", 64, 900, 1500, 75, 74)
                .trials("base-async", 64, 300, 1200, 280, 290, 285, 283, 287);
        for (int repeat = 1; repeat <= 5; repeat++) {
            run.point("head-async", 64, repeat, 80, 800, 1200, 40); // in-flight limit: 503s, pool-like throughput
        }
        GateResult result = judge(run.writeTo(dir.resolve("run")), null, RULES);

        Verdict failures = verdict(result, "no-failed-requests");
        assertThat(failures.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(failures.measured()).startsWith("200 failed of");
        assertThat(failures.detail()).contains("head-async-c64-1 40 {status 503=40}");
        assertThat(verdict(result, "async-efficiency[async@64]").status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(verdict(result, "async-efficiency[async@64]").measured()).startsWith("efficiency 25%");
        assertThat(verdict(result, "async-over-blocking[async/blocking@64]").status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(verdict(result, "async-efficiency[async@8]").status()).isEqualTo(Verdict.Status.PASS);
    }

    @Test
    void a_slow_tail_below_saturation_breaks_the_p99_slo() throws IOException {
        GateRunFixture run = healthyAbWith8Users(420);
        Verdict verdict = verdict(judge(run.writeTo(dir.resolve("run")), null, RULES), "async-p99[async@8]");

        assertThat(verdict.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(verdict.expected()).isEqualTo("p99 <= 350 ms (upstream 200 ms + margin 150 ms)");
        assertThat(verdict.margin()).isEqualTo("-70 ms");
    }

    @Test
    void points_the_rules_need_but_the_run_lacks_cannot_be_judged() throws IOException {
        GateRunFixture run = GateRunFixture.run()
                .trials("base-async", 8, 250, 1500, 36, 37, 35, 36.5, 37.5)
                .trials("head-async", 8, 250, 1500, 36, 37, 35, 36.5, 37.5);
        GateResult result = judge(run.writeTo(dir.resolve("run")), null, RULES);

        assertThat(verdict(result, "async-over-blocking[async/blocking@64]").status()).isEqualTo(Verdict.Status.ERROR);
        assertThat(verdict(result, "throughput-vs-baseline[async@64]").status()).isEqualTo(Verdict.Status.ERROR);
        assertThat(result.exitCode()).isEqualTo(2);
    }

    @Test
    void too_few_trials_are_not_judged() throws IOException {
        GateRunFixture run = GateRunFixture.run()
                .trials("base-async", 8, 250, 1500, 36, 37)
                .trials("head-async", 8, 250, 1500, 30, 31);
        Verdict verdict = verdict(judge(run.writeTo(dir.resolve("run")), null, RULES), "throughput-vs-baseline[async@8]");

        assertThat(verdict.status()).isEqualTo(Verdict.Status.ERROR);
        assertThat(verdict.detail()).contains("needs >= 3 trials");
    }

    @Test
    void without_a_baseline_the_baseline_rules_are_skipped() throws IOException {
        GateRunFixture run = GateRunFixture.run()
                .trials("async", 8, 250, 1500, 36, 37, 35)
                .trials("blocking", 64, 900, 1500, 75, 74)
                .trials("async", 64, 300, 1200, 280, 290, 285);
        GateResult result = judge(run.writeTo(dir.resolve("run")), null, RULES);

        assertThat(verdict(result, "throughput-vs-baseline[async@8]").status()).isEqualTo(Verdict.Status.SKIP);
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void a_stored_baseline_stands_in_for_a_without_ab() throws IOException {
        Path baselineRun = healthyAb().writeTo(dir.resolve("baseline-run"));
        StoredBaseline baseline = StoredBaseline.fromRun("ci", baselineRun, Trial.HEAD);
        baseline.write(dir.resolve("ci.json"));
        StoredBaseline stored = StoredBaseline.read(dir.resolve("ci.json"));
        assertThat(stored.trials()).hasSize(12).allSatisfy(t -> assertThat(t.side()).isEqualTo(Trial.HEAD));

        GateRunFixture slower = GateRunFixture.run()
                .trials("async", 8, 250, 1500, 30, 31, 29.5, 30.5, 31.5)
                .trials("blocking", 64, 900, 1500, 75, 74)
                .trials("async", 64, 300, 1200, 281, 288, 286, 284, 282);
        GateResult result = judge(slower.writeTo(dir.resolve("run")), stored, RULES);

        Verdict verdict = verdict(result, "throughput-vs-baseline[async@8]");
        assertThat(verdict.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(verdict.detail()).contains("stored baseline ci.json");
        assertThat(result.baseline()).contains("weaker than A/B");
    }

    @Test
    void the_bootstrap_method_decides_by_its_interval() throws IOException {
        String bootstrap = RULES.replace("rules:\n", "statistics: {test: bootstrap}\nrules:\n");
        GateRunFixture run = GateRunFixture.run()
                .trials("base-async", 8, 250, 1500, 36, 37, 35, 36.5, 37.5)
                .trials("head-async", 8, 290, 1500, 30, 31, 29.5, 30.5, 31.5);
        Verdict verdict = verdict(judge(run.writeTo(dir.resolve("run")), null, bootstrap), "throughput-vs-baseline[async@8]");

        assertThat(verdict.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(verdict.measured()).contains("95% CI");
    }

    @Test
    void an_incomplete_run_is_refused_with_exit_2() throws IOException {
        Path run = healthyAb().incomplete().writeTo(dir.resolve("run"));
        assertThatThrownBy(() -> GateData.of(run, null, null)).isInstanceOf(LabException.class)
                .hasMessageContaining("incomplete")
                .satisfies(e -> assertThat(((LabException) e).exitCode()).isEqualTo(2));
    }

    @Test
    void junit_xml_has_a_test_case_per_verdict_and_a_failure_for_each_broken_rule() throws Exception {
        GateRunFixture run = GateRunFixture.run()
                .trials("base-async", 8, 250, 1500, 36, 37, 35, 36.5, 37.5)
                .trials("head-async", 8, 290, 1500, 30, 31, 29.5, 30.5, 31.5)
                .trials("head-blocking", 64, 900, 1500, 75, 74)
                .trials("base-async", 64, 300, 1200, 280, 290, 285, 283, 287)
                .trials("head-async", 64, 300, 1200, 281, 288, 286, 284, 282);
        GateResult result = judge(run.writeTo(dir.resolve("run")), null, RULES);
        result.writeTo(dir.resolve("out"));

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(Files.readString(dir.resolve("out/junit.xml")))));
        assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(result.verdicts().size());
        assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(((org.w3c.dom.Element) xml.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .contains("expected throughput change >= -10.0% vs baseline; measured -16.4%");
        String markdown = Files.readString(dir.resolve("out/summary.md"));
        assertThat(markdown).contains("Performance gate: FAIL")
                .contains("| ❌ | `throughput-vs-baseline[async@8]` | throughput change >= -10.0% vs baseline |");
        assertThat(Files.readString(dir.resolve("out/verdicts.json"))).contains("\"exitCode\" : 1");
        assertThat(VerdictWriters.console(result)).contains("FAIL  throughput-vs-baseline[async@8]");
    }

    private GateRunFixture healthyAb() {
        return healthyAbWith8Users(250);
    }

    private GateRunFixture healthyAbWith8Users(double p99Ms) {
        return GateRunFixture.run()
                .trials("base-async", 8, 250, 1500, 36, 37, 35, 36.5, 37.5)
                .trials("head-async", 8, p99Ms, 1500, 37, 35.5, 36, 37.2, 36.1)
                .trials("head-blocking", 64, 900, 1500, 75, 74)
                .trials("base-async", 64, 300, 1200, 280, 290, 285, 283, 287)
                .trials("head-async", 64, 300, 1210, 281, 288, 286, 284, 282);
    }

    private GateResult judge(Path run, StoredBaseline stored, String rulesYaml) throws IOException {
        Path rulesFile = dir.resolve("rules.yaml");
        Files.writeString(rulesFile, rulesYaml);
        GateRules rules = GateRules.load(rulesFile);
        GateData data = GateData.of(run, stored, stored == null ? null : "ci.json");
        List<Verdict> verdicts = rules.rules().stream().flatMap(r -> r.evaluate(data, rules.statistics()).stream())
                .toList();
        return GateResult.of(verdicts, run.toString(), rulesFile.toString(), data.baselineSource(), 1.0);
    }

    private static Verdict verdict(GateResult result, String name) {
        return result.verdicts().stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no verdict " + name + " in "
                        + result.verdicts().stream().map(Verdict::name).toList()));
    }
}
