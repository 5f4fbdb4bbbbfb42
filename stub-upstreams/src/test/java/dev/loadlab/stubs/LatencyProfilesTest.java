package dev.loadlab.stubs;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Observed delays per profile. Tolerances are generous: the machine is shared and noisy. */
class LatencyProfilesTest {
    private static final String SUN_PATH = "/json?lat=45.5&lng=-122.6&date=today";
    private static final String LOCATION_PATH = "/us/97201";

    @Test
    void fixed_profile_delays_each_api_by_its_own_latency() {
        StubConfig config = StubConfig.builder().latencyMs(Api.LOCATION, 150).latencyMs(Api.SUN, 300).latencyMs(Api.WEATHER, 0).build();
        try (StubUpstreams stubs = StubUpstreams.start(config)) {
            Http.timedGetMillis(stubs.weatherUrl() + "/data/2.5/weather?zip=97201,us"); // warm up the connection
            for (int i = 0; i < 3; i++) {
                assertThat(Http.timedGetMillis(stubs.locationUrl() + LOCATION_PATH)).isBetween(150L, 150L + 400);
                assertThat(Http.timedGetMillis(stubs.sunUrl() + SUN_PATH)).isBetween(300L, 300L + 400);
            }
            assertThat(Http.timedGetMillis(stubs.weatherUrl() + "/data/2.5/weather?zip=97201,us")).isLessThan(300L);
        }
    }

    @Test
    void seed_profile_delays_match_the_measured_latencies() throws Exception {
        try (StubUpstreams stubs = StubUpstreams.start(StubConfig.builder().profile(LatencyProfile.SEED).build())) {
            List<Long> location = parallelGets(stubs.locationUrl() + LOCATION_PATH, 12);
            List<Long> sun = parallelGets(stubs.sunUrl() + SUN_PATH, 8);

            assertNearSeed(location, Api.LOCATION);
            assertNearSeed(sun, Api.SUN);
        }
    }

    @Test
    void lognormal_profile_delays_spread_around_the_median() throws Exception {
        StubConfig config = StubConfig.builder().profile(LatencyProfile.LOGNORMAL).latencyMs(200).sigma(0.2).build();
        try (StubUpstreams stubs = StubUpstreams.start(config)) {
            List<Long> delays = parallelGets(stubs.sunUrl() + SUN_PATH, 20);

            // median 200 ms, sigma 0.2: 99.9% of samples fall in 200 * exp(+-3.3 * 0.2) = 103..387 ms
            assertThat(delays).allSatisfy(ms -> assertThat(ms).isBetween(100L, 387L + 500));
            assertThat(delays.stream().mapToLong(Long::longValue).average().orElseThrow()).isBetween(150.0, 500.0);
        }
    }

    @Test
    void uniform_profile_delays_stay_within_latency_plus_or_minus_spread() throws Exception {
        StubConfig config = StubConfig.builder().profile(LatencyProfile.UNIFORM).latencyMs(200).spreadMs(100).build();
        try (StubUpstreams stubs = StubUpstreams.start(config)) {
            List<Long> delays = parallelGets(stubs.sunUrl() + SUN_PATH, 20);

            assertThat(delays).allSatisfy(ms -> assertThat(ms).isBetween(100L, 300L + 500));
            assertThat(delays.stream().distinct().count()).as("delays vary").isGreaterThan(3);
        }
    }

    @Test
    void delayed_responses_do_not_hold_jetty_workers() throws Exception {
        // 60 concurrent 400 ms responses with only 8 Jetty threads: if delays slept a worker, this would take
        // at least 60 / 8 * 0.4 s = 3 s; with asynchronous responses it takes about 0.4 s.
        StubConfig config = StubConfig.builder().latencyMs(400).containerThreads(8).build();
        try (StubUpstreams stubs = StubUpstreams.start(config)) {
            long start = System.nanoTime();
            List<Long> delays = parallelGets(stubs.sunUrl() + SUN_PATH, 60);
            long wallMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(delays).hasSize(60).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(400L));
            assertThat(wallMs).isLessThan(2_500L);
        }
    }

    @Test
    void mean_latency_follows_the_active_profile() {
        StubConfig fixed = StubConfig.builder().latencyMs(100).latencyMs(Api.SUN, 40).build();
        assertThat(fixed.meanLatencyMs(Api.LOCATION)).isEqualTo(100.0);
        assertThat(fixed.meanLatencyMs(Api.SUN)).isEqualTo(40.0);

        StubConfig seed = fixed.toBuilder().profile(LatencyProfile.SEED).build();
        assertThat(seed.meanLatencyMs(Api.LOCATION)).isCloseTo(410.2, org.assertj.core.data.Offset.offset(0.1));
        assertThat(seed.meanLatencyMs(Api.SUN)).isCloseTo(534.7, org.assertj.core.data.Offset.offset(0.1));
        assertThat(seed.meanLatencyMs(Api.WEATHER)).isEqualTo(seed.meanLatencyMs(Api.SUN));

        StubConfig lognormal = fixed.toBuilder().profile(LatencyProfile.LOGNORMAL).sigma(0.5).build();
        assertThat(lognormal.meanLatencyMs(Api.LOCATION)).isCloseTo(100 * Math.exp(0.125), org.assertj.core.data.Offset.offset(1e-9));

        StubConfig uniform = fixed.toBuilder().profile(LatencyProfile.UNIFORM).spreadMs(60).build();
        assertThat(uniform.meanLatencyMs(Api.LOCATION)).isEqualTo(100.0);
        assertThat(uniform.meanLatencyMs(Api.SUN)).as("clamped at 0: uniform over 0..100").isEqualTo(50.0);
    }

    private static void assertNearSeed(List<Long> delays, Api api) {
        List<Long> seedMs = api.seedSeconds().stream().map(s -> Math.round(s * 1000)).toList();
        assertThat(delays).allSatisfy(ms -> assertThat(seedMs)
                .as("observed %d ms near one of %s", ms, seedMs)
                .anySatisfy(seed -> assertThat(ms - seed).isBetween(-2L, 300L)));
    }

    private static List<Long> parallelGets(String url, int n) throws Exception {
        Http.timedGetMillis(url); // open a connection first so that connect time does not count
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(CompletableFuture.supplyAsync(() -> Http.timedGetMillis(url), pool));
            }
            List<Long> delays = new ArrayList<>();
            for (CompletableFuture<Long> f : futures) {
                delays.add(f.get());
            }
            return delays;
        }
    }
}
