package dev.loadlab.lab.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loadlab.lab.Lab;
import dev.loadlab.lab.results.HistogramLogs;
import dev.loadlab.lab.results.InjectorManifest;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import dev.loadlab.lab.run.Jvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out at tiny scale against one embedded service (two 50 ms upstream calls: 100 ms critical path,
 * 8 users: an 80 req/s bound): a single-injector run, the same total load from {@code compare --injectors 2},
 * and the distributed path exactly as Kubernetes pods run it: two separate {@code ./lab inject} processes
 * that meet at a start barrier and write separate folders, merged by {@code ./lab merge}. Then what a
 * missing or dead injector does to the merge. Tolerances are generous: a shared 2-core machine.
 */
class ScaleOutIT {

    private static final String POINT = "async-c8-1";

    @TempDir
    static Path tmp;

    static Process system;
    static String target;
    static Summary.Point single;
    static Summary.Point twoInjectors;
    static Path mergedRun;
    static Summary merged;
    static Path injector0;
    static Path injector1;

    @BeforeAll
    static void runTheSameLoadThreeWays() throws Exception {
        system = new ProcessBuilder(Jvm.java(), "-Xmx256m", "-Dloadlab.home=" + Jvm.home(), "-cp",
                System.getProperty("java.class.path"), SystemUnderTest.class.getName(), tmp.resolve("logs").toString(),
                "50").redirectError(tmp.resolve("system.err").toFile()).start();
        String ready = new java.io.BufferedReader(new java.io.InputStreamReader(system.getInputStream())).readLine();
        assertThat(ready).as("system under test (see " + tmp.resolve("system.err") + ")").startsWith("ready ");
        target = ready.substring("ready ".length());

        single = onlyPoint(compare(tmp.resolve("one"), target, 1, "2s"));
        twoInjectors = onlyPoint(compare(tmp.resolve("two"), target, 2, "0s"));

        injector0 = tmp.resolve("pod-0");
        injector1 = tmp.resolve("pod-1");
        Path barrier = tmp.resolve("shared-volume/.barrier");
        List<Process> pods = new ArrayList<>();
        try {
            pods.add(inject(0, target, barrier, injector0));
            pods.add(inject(1, target, barrier, injector1));
            for (int i = 0; i < pods.size(); i++) {
                assertThat(pods.get(i).waitFor(120, TimeUnit.SECONDS)).as("inject finished").isTrue();
                assertThat(pods.get(i).exitValue()).as("inject " + i + " exit code; its output:\n"
                        + Files.readString(tmp.resolve("inject-" + i + ".log"))).isZero();
            }
        } finally {
            pods.forEach(Process::destroyForcibly);
        }
        Path results = tmp.resolve("merged");
        assertThat(Lab.run("merge", injector0.toString(), injector1.toString(), "--results", results.toString(),
                "--name", "pods", "--injectors", "2", "--points", POINT)).isZero();
        mergedRun = onlyRun(results);
        merged = SummaryFiles.read(mergedRun);
    }

    @AfterAll
    static void stop() throws Exception {
        if (system != null) {
            system.getOutputStream().close();
            if (!system.waitFor(30, TimeUnit.SECONDS)) {
                system.destroy();
                system.waitFor(15, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void two_injectors_each_drive_half_the_users_and_their_counts_and_cpu_are_reported() {
        assertThat(twoInjectors.injectors()).isEqualTo(2);
        assertThat(twoInjectors.concurrency()).isEqualTo(8);
        assertThat(twoInjectors.gatlingReports()).hasSize(2);
        assertThat(twoInjectors.perInjector()).hasSize(2)
                .allSatisfy(i -> assertThat(i.concurrency()).isEqualTo(4))
                .allSatisfy(i -> assertThat(i.loadgenCores()).isNotNull().isPositive());
        assertThat(twoInjectors.perInjector().stream().mapToLong(Summary.Injector::ok).sum())
                .isEqualTo(twoInjectors.requests().ok());
        assertThat(twoInjectors.cpu().loadgenUsPerRequest()).isNotNull().isPositive();
    }

    @Test
    void two_injectors_agree_with_one_injector_driving_the_same_total_load() {
        assertThat(single.injectors()).isEqualTo(1);
        assertAgrees("compare --injectors 2", twoInjectors);
    }

    @Test
    void separate_inject_processes_merge_into_the_same_point_with_one_window() throws IOException {
        assertThat(merged.run().status()).isEqualTo(Summary.RunInfo.COMPLETE);
        Summary.Point p = merged.points().getFirst();
        assertThat(p.id()).isEqualTo(POINT);
        assertThat(p.injectors()).isEqualTo(2);
        assertThat(p.concurrency()).isEqualTo(8);
        assertAgrees("inject x2 + merge", p);
        // the barrier makes both injectors measure the very same window
        assertThat(p.perInjector()).extracting(Summary.Injector::windowStartEpochMs).containsOnly(p.window().startEpochMs());
        assertThat(p.gatlingReports()).containsExactly("points/" + POINT + "/injector-1/gatling/index.html",
                "points/" + POINT + "/injector-2/gatling/index.html");
        p.gatlingReports().forEach(r -> assertThat(mergedRun.resolve(r)).isRegularFile());
        assertThat(HistogramLogs.total(mergedRun.resolve(p.histogram()), HistogramLogs.OK).getTotalCount())
                .isEqualTo(p.requests().ok());
        assertThat(mergedRun.resolve("report.html")).isRegularFile();
        assertThat(merged.config().embedded()).isFalse();
        assertThat(merged.config().targets()).containsEntry("async", target);
    }

    @Test
    void a_missing_injector_makes_the_merged_point_incomplete() throws IOException {
        Path results = tmp.resolve("missing");

        int exit = Lab.run("merge", injector0.toString(), "--results", results.toString(), "--name", "missing");

        assertThat(exit).isEqualTo(2);
        Summary summary = SummaryFiles.read(onlyRun(results));
        assertThat(summary.run().status()).isEqualTo(Summary.RunInfo.INCOMPLETE);
        Summary.Point p = summary.points().getFirst();
        assertThat(p.status()).isEqualTo(Summary.Point.INCOMPLETE);
        assertThat(p.reason()).isEqualTo("injector 2 of 2 missing");
        assertThat(p.concurrency()).isEqualTo(8);
        assertThat(p.requests().ok()).isLessThan(merged.points().getFirst().requests().ok());
        assertThat(results.resolve("latest")).doesNotExist();
    }

    @Test
    void an_injector_that_died_makes_the_merged_point_incomplete() throws IOException {
        Path dead = tmp.resolve("pod-1-died");
        copy(injector1, dead);
        Path manifest;
        try (Stream<Path> files = Files.walk(dead)) {
            manifest = files.filter(f -> f.getFileName().toString().equals(InjectorManifest.FILE)).findFirst()
                    .orElseThrow();
        }
        InjectorManifest.read(manifest).ended(InjectorManifest.RUNNING, null, null).write(manifest.getParent());
        Path results = tmp.resolve("died");

        int exit = Lab.run("merge", injector0.toString(), dead.toString(), "--results", results.toString());

        assertThat(exit).isEqualTo(2);
        Summary.Point p = SummaryFiles.read(onlyRun(results)).points().getFirst();
        assertThat(p.status()).isEqualTo(Summary.Point.INCOMPLETE);
        assertThat(p.reason()).contains("injector 2 of 2 never finished");
    }

    @Test
    void inject_refuses_a_target_outside_loopback_and_the_cluster() {
        assertThat(Lab.run("inject", "--point", POINT, "--target", "http://example.com/api/async",
                "--out", tmp.resolve("refused").toString())).isEqualTo(2);
        assertThat(tmp.resolve("refused")).doesNotExist();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /** Generous on purpose: same physics (80 req/s bound), not the same milliseconds. */
    private static void assertAgrees(String what, Summary.Point p) {
        assertThat(p.requests().ko()).as(what + " KO " + p.requests().koByCause() + " (one injector: "
                + single.requests().koByCause() + ")").isZero();
        assertThat(p.throughputRps()).as(what + " req/s vs one injector's " + single.throughputRps())
                .isCloseTo(single.throughputRps(), within(Math.max(15.0, 0.5 * single.throughputRps())));
        assertThat(p.latencyMs().p50()).as(what + " p50 vs one injector's " + single.latencyMs().p50())
                .isCloseTo(single.latencyMs().p50(), within(Math.max(60.0, 0.6 * single.latencyMs().p50())));
        assertThat(p.bound().littleRps()).isEqualTo(80.0);
    }

    private static Path compare(Path results, String target, int injectors, String systemWarmup) throws IOException {
        int exit = Lab.run("compare", "--name", "x" + injectors, "--results", results.toString(),
                "--target", "async=" + target, "--variants", "async", "--levels", "8", "--rates", "none",
                "--warmup", "2s", "--measure", "3s", "--system-warmup", systemWarmup,
                "--injectors", String.valueOf(injectors), "--latency-ms", "50");
        assertThat(exit).as("compare --injectors " + injectors).isZero();
        return onlyRun(results);
    }

    private static Process inject(int index, String target, Path barrier, Path out) throws IOException {
        List<String> command = List.of(Jvm.java(), "-Xmx256m", "-Dloadlab.home=" + Jvm.home(), "-cp",
                Jvm.loadtestClassPath(), "dev.loadlab.lab.Lab", "inject", "--point", POINT, "--index",
                String.valueOf(index), "--of", "2", "--barrier", barrier.toString(), "--start-margin", "1s",
                "--target", target, "--out", out.toString(), "--run", "it", "--warmup", "2s", "--measure", "3s",
                "--latency-ms", "50");
        Files.createDirectories(tmp);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("inject-" + index + ".log").toFile()).start();
    }

    private static Summary.Point onlyPoint(Path runDir) {
        Summary summary = SummaryFiles.read(runDir);
        assertThat(summary.points()).hasSize(1);
        return summary.points().getFirst();
    }

    private static Path onlyRun(Path results) throws IOException {
        try (Stream<Path> runs = Files.list(results.resolve("runs"))) {
            return runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
