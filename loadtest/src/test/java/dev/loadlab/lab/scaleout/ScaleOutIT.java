package dev.loadlab.lab.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.loadlab.lab.Lab;
import dev.loadlab.lab.RunFolders;
import dev.loadlab.lab.results.HistogramLogs;
import dev.loadlab.lab.results.InjectorManifest;
import dev.loadlab.lab.results.PointResult;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import dev.loadlab.lab.run.Jvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * missing or dead injector does to the merge. What the merge adds up (requests, OK, KO, histograms) must
 * match the injectors' own recordings exactly; what depends on the machine (throughput, latency) is held to
 * bounds that follow from what the test fixes ({@link #assertPhysics}) and to tolerances argued from it
 * ({@link #assertEvenShares}, {@link #assertAgrees}).
 */
class ScaleOutIT {

    private static final String POINT = "async-c8-1";

    @TempDir
    static Path tmp;

    static Process system;
    static String target;
    static Summary.Point single;
    static Path twoInjectorsRun;
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
        twoInjectorsRun = compare(tmp.resolve("two"), target, 2, "0s");
        twoInjectors = onlyPoint(twoInjectorsRun);

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
        mergedRun = RunFolders.onlyRun(results);
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
    void two_injectors_each_drive_half_the_users_and_their_counts_and_cpu_are_reported() throws IOException {
        assertThat(twoInjectors.injectors()).isEqualTo(2);
        assertThat(twoInjectors.concurrency()).isEqualTo(8);
        assertThat(twoInjectors.gatlingReports()).hasSize(2);
        assertThat(twoInjectors.perInjector()).hasSize(2)
                .allSatisfy(i -> assertThat(i.concurrency()).isEqualTo(4))
                .allSatisfy(i -> assertThat(i.loadgenCores()).isNotNull().isPositive());
        Path pointDir = twoInjectorsRun.resolve("points").resolve(POINT);
        assertAddsUp(twoInjectors, twoInjectorsRun,
                List.of(pointDir.resolve("injector-1"), pointDir.resolve("injector-2")));
        assertThat(twoInjectors.cpu().loadgenUsPerRequest()).isNotNull().isPositive();
    }

    @Test
    void two_injectors_agree_with_one_injector_driving_the_same_total_load() {
        assertThat(single.injectors()).isEqualTo(1);
        assertPhysics("one injector", single);
        assertPhysics("compare --injectors 2", twoInjectors);
        assertEvenShares("compare --injectors 2", twoInjectors);
        assertAgrees("compare --injectors 2", twoInjectors);
    }

    @Test
    void separate_inject_processes_merge_into_the_same_point_with_one_window() throws IOException {
        assertThat(merged.run().status()).isEqualTo(Summary.RunInfo.COMPLETE);
        Summary.Point p = merged.points().getFirst();
        assertThat(p.id()).isEqualTo(POINT);
        assertThat(p.injectors()).isEqualTo(2);
        assertThat(p.concurrency()).isEqualTo(8);
        // against what each pod wrote in its own folder, not the merged run's copies
        assertAddsUp(p, mergedRun, List.of(injector0.resolve(POINT).resolve("injector-1"),
                injector1.resolve(POINT).resolve("injector-2")));
        assertPhysics("inject x2 + merge", p);
        assertEvenShares("inject x2 + merge", p);
        assertAgrees("inject x2 + merge", p);
        // the barrier makes both injectors measure the very same window
        assertThat(p.perInjector()).extracting(Summary.Injector::windowStartEpochMs).containsOnly(p.window().startEpochMs());
        assertThat(p.gatlingReports()).containsExactly("points/" + POINT + "/injector-1/gatling/index.html",
                "points/" + POINT + "/injector-2/gatling/index.html");
        p.gatlingReports().forEach(r -> assertThat(mergedRun.resolve(r)).isRegularFile());
        assertThat(mergedRun.resolve("report.html")).isRegularFile();
        assertThat(merged.config().embedded()).isFalse();
        assertThat(merged.config().targets()).containsEntry("async", target);
    }

    @Test
    void a_missing_injector_makes_the_merged_point_incomplete() throws IOException {
        Path results = tmp.resolve("missing");

        int exit = Lab.run("merge", injector0.toString(), "--results", results.toString(), "--name", "missing");

        assertThat(exit).isEqualTo(2);
        Summary summary = SummaryFiles.read(RunFolders.onlyRun(results));
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
        Summary.Point p = SummaryFiles.read(RunFolders.onlyRun(results)).points().getFirst();
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

    /**
     * Exact: the point's counts are the sums of what each injector recorded in its own folder (its JSON and
     * its histogram log), per injector and in all, and its throughput is its OK count over the window.
     */
    private static void assertAddsUp(Summary.Point p, Path runDir, List<Path> injectorDirs) throws IOException {
        List<PointResult> recorded = new ArrayList<>();
        long histogramOk = 0;
        for (Path dir : injectorDirs) {
            PointResult r = recording(dir);
            long inHistogram = HistogramLogs.total(r.histogramFile(), HistogramLogs.OK).getTotalCount();
            assertThat(inHistogram).as(dir + ": OK in its histogram vs its count").isEqualTo(r.recording().ok());
            recorded.add(r);
            histogramOk += inHistogram;
        }
        assertThat(recorded).allSatisfy(r -> assertThat(r.recording().ok()).as("each injector answered").isPositive());

        long ok = recorded.stream().mapToLong(r -> r.recording().ok()).sum();
        long ko = recorded.stream().mapToLong(r -> r.recording().ko()).sum();
        Map<String, Long> koByCause = new TreeMap<>();
        recorded.forEach(r -> r.recording().koByCause().forEach((cause, n) -> koByCause.merge(cause, n, Long::sum)));
        assertThat(p.requests()).isEqualTo(new Summary.Requests(ok, ko, koByCause));
        assertThat(p.requests().total()).isEqualTo(ok + ko);
        assertThat(HistogramLogs.total(runDir.resolve(p.histogram()), HistogramLogs.OK).getTotalCount())
                .as("OK in the merged histogram").isEqualTo(histogramOk).isEqualTo(ok);
        assertThat(p.perInjector()).extracting(Summary.Injector::ok)
                .containsExactly(recorded.stream().map(r -> r.recording().ok()).toArray(Long[]::new));
        assertThat(p.perInjector()).extracting(Summary.Injector::ko)
                .containsExactly(recorded.stream().map(r -> r.recording().ko()).toArray(Long[]::new));
        assertThat(p.throughputRps()).as("OK / window").isCloseTo(ok / p.window().measureSeconds(), within(0.005));
        assertThat(p.perInjector().stream().mapToDouble(Summary.Injector::throughputRps).sum())
                .as("the injectors' req/s add up (each rounded to 0.01)").isCloseTo(p.throughputRps(), within(0.011));
    }

    /**
     * Bounds that hold on any machine, from what the test fixes: 8 users, each sending its next request once the
     * last is answered, a critical path of two 50 ms upstream calls, a 3 s window that counts the requests sent
     * in it. No response beats the critical path (min >= 100 ms), so a user sends at most 31 requests in the
     * window (248 in all). And a user's requests sent in the window take no more than the window plus its last
     * response time: throughput x mean <= 8 x (1 + max / 3 s), Little's law as an upper bound (1% for the
     * histogram's rounding). Counting an injector twice breaks both; a slow machine breaks neither.
     */
    private static void assertPhysics(String what, Summary.Point p) {
        String numbers = what + ": " + p.requests() + ", " + p.throughputRps() + " req/s, " + p.latencyMs();
        assertThat(p.requests().ko()).as(numbers).isZero();
        assertThat(p.bound().littleRps()).isEqualTo(80.0);
        assertThat(p.latencyMs().min()).as(numbers).isGreaterThanOrEqualTo(100.0);
        assertThat(p.requests().ok()).as(numbers).isBetween(1L, 8L * 31);
        double window = p.window().measureSeconds();
        assertThat(usersWaiting(p)).as("users waiting on a response, by Little's law; " + numbers)
                .isLessThanOrEqualTo(8 * (1 + p.latencyMs().max() / 1000.0 / window) * 1.01);
    }

    /**
     * Two injectors of 4 users each, measuring the same window against the same service at the same moment,
     * each carry half the OK requests. What separates them is the window's edges (a user sends 30 +- 1 in it:
     * +-4 of an injector's ~120 when the machine keeps up, 3%) and how the two JVMs share the CPU. 40-60% leaves
     * room for that and fails an injector that drove the other's users too (67%) or lost its share.
     */
    private static void assertEvenShares(String what, Summary.Point p) {
        assertThat(p.perInjector()).extracting(Summary.Injector::concurrency).containsExactly(4, 4);
        assertThat(p.perInjector()).allSatisfy(i -> assertThat((double) i.ok() / p.requests().ok())
                .as(what + ": injector " + i.index() + "'s share of " + p.requests().ok() + " OK")
                .isBetween(0.40, 0.60));
    }

    /**
     * Against the single injector's run a minute earlier. Not its throughput: that is the machine's speed at the
     * moment, and on this shared host the same point measured 42 req/s in one run and 58 in the next. What
     * splitting the load must keep is the number of users: throughput x mean response time, the users waiting
     * on a response at any instant (Little's law), whatever the machine's speed. It falls short of 8 by the
     * window's edges (one request in ~30 per user, 3%) and by each user's time between an answer and its next
     * request, which is the load generator's work: 9-13% in runs at a load average of 6-15 (within 4% of each
     * other), 10% and 25% in one run at 20, when the 100 ms path took 300 ms. 20% allows that and fails a lost
     * share or an injector counted twice (-50%, +100%); the former 50% on throughput let a lost share through.
     */
    private static void assertAgrees(String what, Summary.Point p) {
        assertThat(usersWaiting(p)).as(what + ": users waiting on a response (req/s x mean s) vs one injector's "
                        + usersWaiting(single) + "; " + p.throughputRps() + " vs " + single.throughputRps() + " req/s")
                .isCloseTo(usersWaiting(single), withinPercentage(20));
    }

    private static double usersWaiting(Summary.Point p) {
        return p.throughputRps() * p.latencyMs().mean() / 1000.0;
    }

    private static PointResult recording(Path injectorDir) throws IOException {
        Path recordingDir = injectorDir.resolve("recording");
        Path json;
        try (Stream<Path> files = Files.list(recordingDir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
            assertThat(found).as("one recording in " + recordingDir).hasSize(1);
            json = found.getFirst();
        }
        return PointResult.read(json, null);
    }

    private static Path compare(Path results, String target, int injectors, String systemWarmup) throws IOException {
        int exit = Lab.run("compare", "--name", "x" + injectors, "--results", results.toString(),
                "--target", "async=" + target, "--variants", "async", "--levels", "8", "--rates", "none",
                "--warmup", "2s", "--measure", "3s", "--system-warmup", systemWarmup,
                "--injectors", String.valueOf(injectors), "--latency-ms", "50");
        assertThat(exit).as("compare --injectors " + injectors).isZero();
        return RunFolders.onlyRun(results);
    }

    /**
     * One pod's {@code ./lab inject}. Its warm-up is longer than compare's: the merge marks a point incomplete
     * when an injector's first request falls inside the window, and on this 2-core machine, shared with other
     * builds (load average 15), a Gatling JVM took up to 6.3 s from the agreed start to its first request.
     */
    private static Process inject(int index, String target, Path barrier, Path out) throws IOException {
        List<String> command = List.of(Jvm.java(), "-Xmx256m", "-Dloadlab.home=" + Jvm.home(), "-cp",
                Jvm.loadtestClassPath(), "dev.loadlab.lab.Lab", "inject", "--point", POINT, "--index",
                String.valueOf(index), "--of", "2", "--barrier", barrier.toString(), "--start-margin", "1s",
                "--target", target, "--out", out.toString(), "--run", "it", "--warmup", "8s", "--measure", "3s",
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
