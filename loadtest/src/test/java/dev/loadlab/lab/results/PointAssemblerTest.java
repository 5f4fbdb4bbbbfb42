package dev.loadlab.lab.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loadlab.simulations.PointRecording;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointAssemblerTest {

    @TempDir
    Path runDir;

    @Test
    void merged_percentiles_equal_those_of_one_histogram_fed_all_values() {
        Random random = new Random(42);
        Histogram all = HistogramLogs.empty();
        Histogram first = interval(1_000);
        Histogram second = interval(1_000);
        for (int i = 0; i < 20_000; i++) {
            long micros = 1000L * (100 + (long) Math.abs(random.nextGaussian() * 80));
            all.recordValue(micros);
            (i % 3 == 0 ? first : second).recordValue(micros);
        }
        PointResult a = recording("a", 16, first.getTotalCount(), 0, first);
        PointResult b = recording("b", 16, second.getTotalCount(), 0, second);

        Summary.Point point = PointAssembler.assemble("async-c32-1", "async", 1, List.of(a, b), 200.0, null,
                runDir.resolve("merged.hlog"), runDir);

        Summary.LatencyMs expected = HistogramLogs.latencyMs(all);
        assertThat(point.latencyMs()).isEqualTo(expected);
        assertThat(point.requests().ok()).isEqualTo(20_000);
        assertThat(point.concurrency()).isEqualTo(32);
        assertThat(point.injectors()).isEqualTo(2);
        assertThat(point.gatlingReports()).hasSize(2);
        // CPU of every injector: each 0.1 s over the 10 s window, over its own requests
        assertThat(point.perInjector()).extracting(Summary.Injector::index).containsExactly(1, 2);
        assertThat(point.perInjector()).extracting(Summary.Injector::loadgenCores).containsExactly(0.01, 0.01);
        assertThat(point.perInjector().getFirst().loadgenUsPerRequest())
                .isCloseTo(100_000.0 / first.getTotalCount(), within(0.01));
        assertThat(point.perInjector()).extracting(Summary.Injector::ok)
                .containsExactly(first.getTotalCount(), second.getTotalCount());
        assertThat(point.cpu().loadgenUsPerRequest()).isEqualTo(10.0);
    }

    @Test
    void one_injector_writes_no_per_injector_list() {
        Histogram h = interval(1_000);
        h.recordValue(200_000);
        Summary.Point point = PointAssembler.assemble("async-c1-1", "async", 1, List.of(recording("one", 1, 1, 0, h)),
                200.0, null, runDir.resolve("one-merged.hlog"), runDir);

        assertThat(point.perInjector()).isNull();
        assertThat(point.status()).isEqualTo(Summary.Point.COMPLETE);
    }

    @Test
    void bound_and_efficiency_follow_littles_law() {
        Histogram h = interval(1_000);
        for (int i = 0; i < 1_600; i++) {
            h.recordValue(200_000);
        }
        // 1600 OK requests in a 10 s window = 160 req/s; 64 users / 0.2 s = 320 req/s bound.
        PointResult r = recording("only", 64, 1_600, 5, h);

        Summary.Point point = PointAssembler.assemble("blocking-c64-1", "blocking", 1, List.of(r), 200.0, 32,
                runDir.resolve("p.hlog"), runDir);

        assertThat(point.throughputRps()).isEqualTo(160.0);
        assertThat(point.bound().littleRps()).isEqualTo(320.0);
        assertThat(point.bound().poolRps()).isEqualTo(160.0);
        assertThat(point.bound().efficiency()).isCloseTo(0.5, within(1e-9));
        assertThat(point.requests().ko()).isEqualTo(5);
        assertThat(point.cpu().serviceUsPerRequest()).isCloseTo(1_000_000_000.0 / 1000 / 1605, within(0.01));
        assertThat(point.cpu().serviceJitUsPerRequest()).isCloseTo(200_000_000.0 / 1000 / 1605, within(0.01));
        assertThat(point.cpu().serviceWithoutJitUsPerRequest()).as("what the gate judges")
                .isCloseTo(800_000_000.0 / 1000 / 1605, within(0.01));
    }

    private Histogram interval(long startMs) {
        Histogram h = HistogramLogs.empty();
        h.setStartTimeStamp(startMs);
        h.setEndTimeStamp(startMs + 1000);
        h.setTag(HistogramLogs.OK);
        return h;
    }

    private PointResult recording(String name, int users, long ok, long ko, Histogram histogram) {
        Path log = runDir.resolve(name + ".hlog");
        HistogramLogs.write(List.of(histogram), log, "test");
        PointRecording recorded = new PointRecording("sun-c" + users, "sun", "closed", users, null,
                "http://127.0.0.1:1/api/async", 0, 10_000, 10.0, -1_000L, ok, ko,
                ko == 0 ? Map.of() : Map.of("status 503", ko),
                new PointRecording.CpuNanos(1_000_000_000L, 200_000_000L, 500_000_000L, 100_000_000L), 100_000L, name + ".hlog");
        return new PointResult(recorded, log, runDir.resolve(name + "/gatling/index.html"));
    }
}
