package dev.loadlab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reliability report from a reliability.json alone: checks, timeline or trend charts, stages, incomplete runs. */
class ReliabilityReportTest {

    @TempDir
    Path dir;

    @Test
    void a_resilience_report_has_the_checks_the_timeline_per_variant_and_the_stages() throws Exception {
        Path run = write("resilience", Summary.RunInfo.COMPLETE, List.of(episode("blocking"), episode("async")),
                List.of(), List.of(new ReliabilityResult.Check("fault-answers", "async", "12 × 502 for 12 injected",
                        "one mapped answer per injected fault", true),
                        new ReliabilityResult.Check("recovery", "blocking", "last failure sent 1200 ms after reset",
                                "error-free within 1000 ms", false)));

        ReliabilityReport.Rendered rendered = ReliabilityReport.render(run);

        String html = Files.readString(rendered.html());
        assertThat(html).contains("1 of 2 checks failed: recovery (blocking).", "id=\"chart-timeline-ok\"",
                "id=\"chart-timeline-errors\"", "status 502: 3", "location:reset: 2", "last failure sent 1200 ms");
        assertThat(html).doesNotContain("INCOMPLETE", "<script src", "http://", "https://");
        assertThat(rendered.charts()).extracting(p -> p.getFileName().toString())
                .contains("timeline-ok.png", "timeline-errors.svg");
        assertThat(Files.readString(rendered.markdown())).contains("| **FAIL** | recovery | blocking |",
                "| async | reset | 40 | 50 | 47 | status 502: 3 | location:reset: 2, sun:reset: 1 |");
    }

    @Test
    void an_overload_report_adds_health_and_in_flight_timelines() throws Exception {
        Path run = write("overload", Summary.RunInfo.COMPLETE, List.of(episode("virtual")), List.of(), List.of());

        String html = Files.readString(ReliabilityReport.render(run).html());

        assertThat(html).contains("id=\"chart-timeline-health\"", "id=\"chart-timeline-inflight\"",
                "Shed (503) per second", "All 0 checks passed.");
    }

    @Test
    void a_soak_report_plots_every_process_statistic_and_an_incomplete_run_says_so() throws Exception {
        List<ReliabilityResult.ProcessSample> samples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            for (String process : List.of("service", "stub")) {
                samples.add(new ReliabilityResult.ProcessSample(1_000_000 + i * 5000L, process, 90, 120, 30, 20, 10,
                        200 + i, i % 6 == 0 ? 12.0 : null));
            }
        }
        Path run = write("soak", Summary.RunInfo.INCOMPLETE, List.of(episode("blocking+virtual+async")), samples,
                List.of());

        ReliabilityReport.Rendered rendered = ReliabilityReport.render(run);

        String html = Files.readString(rendered.html());
        assertThat(html).contains("INCOMPLETE: interrupted", "No verdict", "id=\"chart-soak-rss\"",
                "id=\"chart-soak-heap\"", "id=\"chart-soak-threads\"", "id=\"chart-soak-fds\"",
                "id=\"chart-soak-connections\"", "id=\"chart-soak-throughput\"");
    }

    private Path write(String kind, String status, List<ReliabilityResult.Episode> episodes,
                       List<ReliabilityResult.ProcessSample> samples, List<ReliabilityResult.Check> checks)
            throws Exception {
        Path run = Files.createDirectories(dir.resolve(kind));
        Map<String, Object> config = new LinkedHashMap<>(Map.of("rateRps", 40.0, "sampleEveryMs", 5000,
                "heapEveryMs", 30000, "settleMs", 20000));
        ReliabilityResult result = new ReliabilityResult(ReliabilityResult.SCHEMA_VERSION, kind,
                new Summary.RunInfo("20261125-101500-" + kind, kind, status,
                        Summary.RunInfo.COMPLETE.equals(status) ? null : "interrupted (Ctrl-C or kill)",
                        "2026-11-25T10:15:00Z", null, "abc123", "./lab " + kind, null),
                config, episodes, samples, List.of(), null);
        if (Summary.RunInfo.COMPLETE.equals(status)) {
            result = result.withChecks(checks);
        }
        SummaryFiles.writeJson(run.resolve(ReliabilityResult.FILE), result);
        return run;
    }

    private static ReliabilityResult.Episode episode(String variant) {
        List<ReliabilityResult.Stage> stages = List.of(
                stage("steady", 0, Map.of(), Map.of()),
                stage("reset", 5000, Map.of("status 502", 3L),
                        new TreeMap<>(Map.of("location:reset", 2L, "sun:reset", 1L))),
                stage("recovery", 10_000, Map.of(), Map.of()));
        List<Long> ok = new ArrayList<>();
        List<Long> errors = new ArrayList<>();
        List<Double> health = new ArrayList<>();
        for (int s = 0; s < 15; s++) {
            ok.add(s >= 5 && s < 10 ? 35L : 40L);
            errors.add(s >= 5 && s < 10 ? 5L : 0L);
            health.add(s == 7 ? null : 3.0 + s);
        }
        return new ReliabilityResult.Episode(variant, 1_000_000, stages,
                new ReliabilityResult.Timeline(1000, ok, errors, errors), List.of(),
                Map.of("answered502", 3, "slowestResponseMs", 140), Map.of("healthMaxMs", health, "inFlight", health),
                "episodes/" + variant + "/gatling/index.html", null);
    }

    private static ReliabilityResult.Stage stage(String name, long offset, Map<String, Long> ko,
                                                 Map<String, Long> injected) {
        long failed = ko.values().stream().mapToLong(Long::longValue).sum();
        return new ReliabilityResult.Stage(name, offset, offset, offset + 5000, 40, null, 50, 50 - failed, ko,
                injected, new ReliabilityResult.Latency(50 - failed, 101, 110, 130),
                new ReliabilityResult.Latency(failed, 45, 50, 50));
    }
}
