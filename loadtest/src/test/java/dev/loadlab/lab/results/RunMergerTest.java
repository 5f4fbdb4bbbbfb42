package dev.loadlab.lab.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.lab.run.LabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunMergerTest {

    private static final long WINDOW_START = 1_767_261_600_000L;

    @TempDir
    Path tmp;

    Path runDir;
    Path incoming;

    @BeforeEach
    void folders() throws Exception {
        runDir = Files.createDirectories(tmp.resolve("results/runs/20260101-100000-merged"));
        incoming = Files.createDirectories(tmp.resolve("incoming"));
    }

    @Test
    void merged_point_is_exact_counts_add_up_and_percentiles_equal_one_histogram_of_all_values() {
        Random random = new Random(7);
        Histogram all = HistogramLogs.empty();
        List<List<Long>> perInjector = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 30_000; i++) {
            long ms = 200 + (long) Math.abs(random.nextGaussian() * (i % 3 == 2 ? 300 : 40));
            all.recordValue(ms * 1000);
            perInjector.get(i % 3).add(ms);
        }
        for (int index = 0; index < 3; index++) {
            InjectorFolders.write(incoming.resolve("pod-" + index), InjectorFolders.closed("async", 512, index, 3),
                    perInjector.get(index), index, WINDOW_START + 3 * index, 2_000 + 1_000L * index);
        }

        Summary summary = merge(null);

        assertThat(summary.run().status()).isEqualTo(Summary.RunInfo.COMPLETE);
        Summary.Point p = summary.points().getFirst();
        assertThat(p.id()).isEqualTo("async-c512-1");
        assertThat(p.complete()).isTrue();
        assertThat(p.latencyMs()).isEqualTo(HistogramLogs.latencyMs(all));
        assertThat(p.requests().ok()).isEqualTo(30_000);
        assertThat(p.requests().ko()).isEqualTo(0 + 1 + 2);
        assertThat(p.throughputRps()).isEqualTo(3_000.0);
        assertThat(p.concurrency()).isEqualTo(512);
        assertThat(p.injectors()).isEqualTo(3);
        assertThat(p.gatlingReports()).containsExactly("points/async-c512-1/injector-1/gatling/index.html",
                "points/async-c512-1/injector-2/gatling/index.html", "points/async-c512-1/injector-3/gatling/index.html");
        assertThat(runDir.resolve(p.gatlingReports().get(2))).isRegularFile();
        // CPU of every injector: 2, 3 and 4 s of CPU over a 10 s window, each over its own 10000 (+ko) requests
        assertThat(p.perInjector()).extracting(Summary.Injector::concurrency).containsExactly(171, 171, 170);
        assertThat(p.perInjector()).extracting(Summary.Injector::loadgenCores).containsExactly(0.2, 0.3, 0.4);
        assertThat(p.perInjector()).extracting(Summary.Injector::loadgenUsPerRequest)
                .containsExactly(200.0, 299.97, 399.92);
        assertThat(p.cpu().loadgenUsPerRequest()).isEqualTo(PointAssembler.round(9e9 / 1000 / 30_003));
        assertThat(summary.config().injectors()).isEqualTo(3);
        assertThat(summary.config().embedded()).isFalse();
        assertThat(summary.config().targets()).containsEntry("async", "http://127.0.0.1:1/api/async");
        Histogram merged = HistogramLogs.total(runDir.resolve(p.histogram()), HistogramLogs.OK);
        assertThat(merged).isEqualTo(all);
        assertThat(SummaryFiles.read(runDir)).isEqualTo(summary);
    }

    @Test
    void a_missing_injector_makes_the_point_incomplete_never_silently_smaller() {
        InjectorFolders.write(incoming.resolve("pod-0"), InjectorFolders.closed("async", 64, 0, 2), values(500, 200),
                0, WINDOW_START, 1_000);

        Summary summary = merge(null);

        Summary.Point p = summary.points().getFirst();
        assertThat(summary.run().status()).isEqualTo(Summary.RunInfo.INCOMPLETE);
        assertThat(summary.run().reason()).contains("async-c64-1").contains("injector 2 of 2 missing");
        assertThat(p.status()).isEqualTo(Summary.Point.INCOMPLETE);
        assertThat(p.reason()).isEqualTo("injector 2 of 2 missing");
        assertThat(p.concurrency()).as("the level the point was meant to have").isEqualTo(64);
        assertThat(p.injectors()).isEqualTo(2);
        assertThat(p.bound().littleRps()).isEqualTo(320.0);
        assertThat(p.bound().efficiency()).isEqualTo(0.1563);
        assertThat(p.perInjector()).extracting(Summary.Injector::status)
                .containsExactly(Summary.Point.COMPLETE, Summary.Injector.MISSING);
    }

    @Test
    void a_failed_or_unfinished_injector_makes_the_point_incomplete() {
        InjectorManifest failed = InjectorFolders.closed("async", 64, 1, 2)
                .ended(InjectorManifest.FAILED, "Gatling failed for point async-c64-1 (exit 1)", "2026-01-01T10:00:30Z");
        InjectorFolders.write(incoming.resolve("pod-0"), InjectorFolders.closed("async", 64, 0, 2), values(500, 200),
                0, WINDOW_START, 1_000);
        InjectorFolders.write(incoming.resolve("pod-1"), failed, values(500, 200), 0, WINDOW_START, 1_000);
        InjectorFolders.write(incoming.resolve("b/pod-0"), InjectorFolders.closed("blocking", 64, 0, 2),
                values(500, 200), 0, WINDOW_START, 1_000);
        InjectorManifest running = InjectorFolders.closed("blocking", 64, 1, 2)
                .ended(InjectorManifest.RUNNING, null, null);
        InjectorFolders.write(incoming.resolve("b/pod-1"), running, values(500, 200), 0, WINDOW_START, 1_000);

        Summary summary = merge(null);

        assertThat(summary.run().status()).isEqualTo(Summary.RunInfo.INCOMPLETE);
        assertThat(point(summary, "async-c64-1").reason()).startsWith("injector 2 of 2 failed: Gatling failed");
        assertThat(point(summary, "async-c64-1").requests().ok()).isEqualTo(500);
        assertThat(point(summary, "blocking-c64-1").reason()).contains("injector 2 of 2 never finished");
        assertThat(summary.points()).extracting(Summary.Point::id).containsExactly("blocking-c64-1", "async-c64-1");
    }

    @Test
    void injectors_whose_windows_do_not_line_up_did_not_run_together() {
        InjectorFolders.write(incoming.resolve("pod-0"), InjectorFolders.closed("async", 64, 0, 2), values(500, 200),
                0, WINDOW_START, 1_000);
        InjectorFolders.write(incoming.resolve("pod-1"), InjectorFolders.closed("async", 64, 1, 2), values(500, 200),
                0, WINDOW_START + 4_000, 1_000);

        Summary.Point p = merge(null).points().getFirst();

        assertThat(p.status()).isEqualTo(Summary.Point.INCOMPLETE);
        assertThat(p.reason()).contains("windows start 4.0 s apart (tolerance 1.0 s)");
    }

    @Test
    void an_injector_that_started_sending_inside_the_window_makes_the_point_incomplete() throws Exception {
        InjectorFolders.write(incoming.resolve("pod-0"), InjectorFolders.closed("async", 64, 0, 2), values(500, 200),
                0, WINDOW_START, 1_000);
        InjectorFolders.write(incoming.resolve("pod-1"), InjectorFolders.closed("async", 64, 1, 2), values(500, 200),
                0, WINDOW_START, 1_000);
        firstRequestAt(incoming.resolve("pod-0"), WINDOW_START - 1_000);
        firstRequestAt(incoming.resolve("pod-1"), WINDOW_START + 1_500);

        Summary.Point p = merge(null).points().getFirst();

        assertThat(p.status()).isEqualTo(Summary.Point.INCOMPLETE);
        assertThat(p.reason()).isEqualTo("injector 2 of 2 sent its first request 1.5 s into the measured window"
                + " (its JVM started late: give a longer --warmup)");
    }

    private static void firstRequestAt(Path injectorDir, long epochMs) throws Exception {
        Path json = injectorDir.resolve("recording/sun-c32.json");
        com.fasterxml.jackson.databind.node.ObjectNode tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) SummaryFiles.JSON.readTree(json.toFile());
        tree.put("firstRequestEpochMs", epochMs);
        SummaryFiles.writeJson(json, tree);
    }

    @Test
    void a_recording_another_version_wrote_is_refused_naming_the_file() throws Exception {
        InjectorFolders.write(incoming.resolve("pod-0"), InjectorFolders.closed("async", 64, 0, 1), values(500, 200),
                0, WINDOW_START, 1_000);
        Path json = incoming.resolve("pod-0/recording/sun-c64.json");
        com.fasterxml.jackson.databind.node.ObjectNode tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) SummaryFiles.JSON.readTree(json.toFile());
        tree.set("okCount", tree.remove("ok"));
        SummaryFiles.writeJson(json, tree);

        assertThatThrownBy(() -> merge(null)).isInstanceOf(LabException.class)
                .hasMessageContaining("points/async-c64-1/recording/sun-c64.json")
                .hasMessageContaining("same version");
    }

    @Test
    void a_point_no_injector_reported_is_listed_incomplete_when_expected() {
        InjectorFolders.write(incoming.resolve("pod-0"), InjectorFolders.closed("async", 64, 0, 1), values(500, 200),
                0, WINDOW_START, 1_000);

        Summary summary = merge(List.of("blocking-c64-1", "async-c64-1"));

        assertThat(summary.points()).extracting(Summary.Point::id).containsExactly("blocking-c64-1", "async-c64-1");
        Summary.Point missing = point(summary, "blocking-c64-1");
        assertThat(missing.status()).isEqualTo(Summary.Point.INCOMPLETE);
        assertThat(missing.reason()).contains("no injector of this point reported");
        assertThat(missing.requests().total()).isZero();
        assertThat(point(summary, "async-c64-1").complete()).isTrue();
        assertThat(summary.run().status()).isEqualTo(Summary.RunInfo.INCOMPLETE);
    }

    @Test
    void injectors_of_different_points_or_runs_are_refused() {
        InjectorFolders.write(incoming.resolve("pod-0"), InjectorFolders.closed("async", 64, 0, 2), values(500, 200),
                0, WINDOW_START, 1_000);
        InjectorManifest other = InjectorFolders.closed("async", 64, 1, 3);
        InjectorFolders.write(incoming.resolve("pod-1"), other, values(500, 200), 0, WINDOW_START, 1_000);

        assertThatThrownBy(() -> merge(null)).isInstanceOf(LabException.class)
                .hasMessageContaining("injector count 3").hasMessageContaining("not the same point");
    }

    @Test
    void the_same_injector_twice_is_refused() {
        InjectorFolders.write(incoming.resolve("pod-0"), InjectorFolders.closed("async", 64, 0, 2), values(500, 200),
                0, WINDOW_START, 1_000);
        InjectorFolders.write(incoming.resolve("copy-of-pod-0"), InjectorFolders.closed("async", 64, 0, 2),
                values(500, 200), 0, WINDOW_START, 1_000);

        assertThatThrownBy(() -> merge(null)).isInstanceOf(LabException.class).hasMessageContaining("appears twice");
    }

    @Test
    void a_different_injector_count_than_expected_is_refused() {
        InjectorFolders.write(incoming.resolve("pod-0"), InjectorFolders.closed("async", 64, 0, 1), values(500, 200),
                0, WINDOW_START, 1_000);

        assertThatThrownBy(() -> RunMerger.merge(List.of(incoming), runDir,
                new RunMerger.Options("merged", "test", 2, null, null, null)))
                .isInstanceOf(LabException.class).hasMessageContaining("--injectors says 2");
    }

    @Test
    void replicas_are_recorded_for_the_per_replica_throughput() {
        InjectorFolders.write(incoming.resolve("pod-0"), InjectorFolders.closed("async", 64, 0, 1), values(500, 200),
                0, WINDOW_START, 1_000);

        Summary summary = RunMerger.merge(List.of(incoming), runDir,
                new RunMerger.Options("merged", "test", null, null, 3, null));

        assertThat(summary.config().serviceReplicas()).isEqualTo(3);
        assertThat(summary.config().replicas()).isEqualTo(3);
        dev.loadlab.lab.report.RunReport.Rendered report = dev.loadlab.lab.report.RunReport.render(runDir);
        assertThat(report.markdown()).content().contains("| req/s per replica |");
        assertThat(report.html()).content().contains("(16.7 per replica)").contains("service replicas");
    }

    private Summary merge(List<String> expectPoints) {
        return RunMerger.merge(List.of(incoming), runDir, new RunMerger.Options("merged", "test", null, expectPoints,
                null, null));
    }

    private static Summary.Point point(Summary summary, String id) {
        return summary.points().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<Long> values(int count, long ms) {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(ms + i % 7);
        }
        return values;
    }
}
