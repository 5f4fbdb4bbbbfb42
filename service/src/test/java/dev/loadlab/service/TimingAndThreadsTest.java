package dev.loadlab.service;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.helidon.common.testing.virtualthreads.PinningRecorder;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstream delays: location 200 ms, sun 200 ms, weather 300 ms. Elapsed times are only checked against the
 * delays they cannot beat; concurrency and shutdown are shown by holding upstream calls, not by timing.
 */
class TimingAndThreadsTest extends StubbedServiceTest {
    @BeforeEach
    void serveSlowUpstreams() {
        UpstreamFixtures.servePortland(location, sun, weather, 200, 200, 300);
        for (TestService each : services.all()) {
            each.get("/api/virtual/weather/97201/us"); // warm connections and JIT a little
            each.get("/api/eventloop/weather/97201/us");
            each.upstreams().clear();
        }
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void sun_waits_for_location_then_sun_in_sequence(ModeVariant variant) {
        long elapsedMs = timeMs(variant, "/sun/97201/us");

        assertThat(elapsedMs).isGreaterThanOrEqualTo(400);
    }

    @Test
    void blocking_city_makes_all_three_calls_one_after_another() {
        long elapsedMs = timeMs(ModeVariant.BLOCKING, "/city/97201/us");

        assertThat(elapsedMs).isGreaterThanOrEqualTo(700);
    }

    @ParameterizedTest
    @EnumSource(value = ModeVariant.class, names = "BLOCKING", mode = EnumSource.Mode.EXCLUDE)
    void city_runs_weather_concurrently_with_the_sun_chain(ModeVariant variant) {
        TestService serving = services.serving(variant);
        CompletableFuture<HttpResponse<String>> response = null;
        try (RecordingUpstreams.Hold held = serving.upstreams().hold()) {
            response = serving.getAsync(variant.path("/city/97201/us"));

            // neither call can return while held: two calls started means weather did not wait for location
            serving.upstreams().awaitCalls(2);
            assertThat(serving.upstreams().calls()).extracting(RecordingUpstreams.Call::upstream)
                    .containsExactlyInAnyOrder(Upstream.LOCATION, Upstream.WEATHER);
        } finally {
            if (response != null) {
                response.handle((r, e) -> r).join(); // released: let it finish, its calls must not reach the next test
            }
        }
        assertThat(response.join().statusCode()).isEqualTo(200);
        assertThat(serving.upstreams().calls()).extracting(RecordingUpstreams.Call::upstream)
                .containsExactlyInAnyOrder(Upstream.LOCATION, Upstream.WEATHER, Upstream.SUN);
    }

    @Test
    void blocking_mode_calls_upstreams_on_the_platform_thread_pool() {
        service.get("/api/blocking/city/97201/us");

        assertThat(service.upstreams().calls()).hasSize(3).allSatisfy(call -> {
            assertThat(call.virtual()).isFalse();
            assertThat(call.threadName()).startsWith("blocking-pool-");
        });
    }

    @Test
    void async_mode_calls_upstreams_on_virtual_threads_it_started() {
        service.get("/api/async/city/97201/us");

        assertThat(service.upstreams().calls()).hasSize(3).allSatisfy(call -> {
            assertThat(call.virtual()).isTrue();
            assertThat(call.threadName()).startsWith("async-io-");
        });
    }

    @Test
    void virtual_mode_calls_upstreams_on_the_request_virtual_thread_and_forks_weather() {
        service.get("/api/virtual/city/97201/us");

        List<RecordingUpstreams.Call> calls = service.upstreams().calls();
        assertThat(calls).hasSize(3).allMatch(RecordingUpstreams.Call::virtual);
        assertThat(calls).filteredOn(call -> call.upstream() == Upstream.WEATHER)
                .extracting(RecordingUpstreams.Call::threadName).containsExactly("virtual-fork");
        assertThat(calls).filteredOn(call -> call.upstream() != Upstream.WEATHER)
                .extracting(RecordingUpstreams.Call::threadName).doesNotContain("virtual-fork");
    }

    /**
     * No thread per call: the answers, and the sun call that depends on the location, run on the client's few
     * completion threads, never on a virtual thread per call; the request's own virtual thread only sends the two
     * independent calls and waits for the composed answer. Vert.x completes on its event loop, one thread for all
     * ({@code eventloop.threads=1}); the JDK client hands every {@code sendAsync} answer to the common
     * {@code ForkJoinPool} itself. The 200-300 ms upstream delays make sure every answer arrives after its
     * completion stage was attached.
     */
    @ParameterizedTest
    @EnumSource(value = ModeVariant.class, names = {"EVENTLOOP_VERTX", "EVENTLOOP_JDK"})
    void eventloop_mode_answers_complete_on_the_clients_threads_not_a_thread_per_call(ModeVariant variant) {
        TestService serving = services.serving(variant);
        assertThat(serving.get(variant.path("/city/97201/us")).statusCode()).isEqualTo(200);

        boolean vertx = variant.client() == ServiceSettings.EventLoopClient.VERTX;
        String completionThread = vertx ? "vert.x-eventloop-thread-" : "ForkJoinPool.commonPool-worker-";
        List<RecordingUpstreams.Call> completions = serving.upstreams().completions();
        assertThat(completions).extracting(RecordingUpstreams.Call::upstream)
                .containsExactlyInAnyOrder(Upstream.LOCATION, Upstream.WEATHER, Upstream.SUN);
        assertThat(completions).allSatisfy(call -> {
            assertThat(call.virtual()).isFalse();
            assertThat(call.threadName()).startsWith(completionThread);
        });
        if (vertx) {
            assertThat(completions).extracting(RecordingUpstreams.Call::threadName).as("one event loop")
                    .containsOnly(completions.getFirst().threadName());
        }
        assertThat(serving.upstreams().calls()).filteredOn(call -> call.upstream() == Upstream.SUN)
                .extracting(RecordingUpstreams.Call::threadName).as("sun is sent where the location arrived")
                .singleElement().asString().startsWith(completionThread);
    }

    @Test
    void no_virtual_thread_is_pinned_while_serving_concurrent_requests() {
        try (PinningRecorder recorder = PinningRecorder.create()) {
            recorder.record(Duration.ofMillis(20));
            List<CompletableFuture<HttpResponse<String>>> responses = new java.util.ArrayList<>();
            for (ModeVariant variant : ModeVariant.values()) {
                for (int i = 0; i < 4; i++) {
                    responses.add(CompletableFuture.supplyAsync(() -> get(variant, "/city/97201/us")));
                }
            }
            assertThat(responses).allSatisfy(r -> assertThat(r.join().statusCode()).isEqualTo(200));
        }
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void shutdown_lets_an_in_flight_request_finish(ModeVariant variant) throws Exception {
        try (TestService stopping = TestService.start(location, sun, weather, variant.config());
             RecordingUpstreams.Hold held = stopping.upstreams().hold()) {
            int port = stopping.port();
            CompletableFuture<HttpResponse<String>> inFlight = stopping.getAsync(variant.path("/sun/97201/us"));
            stopping.upstreams().awaitCalls(1); // in flight: held in its location call

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(stopping::stop, Thread::startVirtualThread);
            awaitNoLongerAccepting(port); // shutdown has begun
            assertThat(stopped).as("stop waits for the request in flight").isNotDone();
            assertThat(inFlight).isNotDone();
            held.release();

            assertThat(inFlight.join().statusCode()).isEqualTo(200);
            stopped.get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits until a connection to the port is refused, or reset while it is made (it sat in the backlog of the
     * listening socket as that closed): either way the server closed its listening socket.
     */
    private static void awaitNoLongerAccepting(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            } catch (SocketException refusedOrReset) {
                return;
            }
            assertThat(System.nanoTime() - deadline).as("port " + port + " closed within 10 s of stop()").isNegative();
            Thread.sleep(10); // poll the condition; the deadline above bounds the wait
        }
    }

    private static long timeMs(ModeVariant variant, String rest) {
        long start = System.nanoTime();
        HttpResponse<String> response = get(variant, rest);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return elapsedMs;
    }
}
