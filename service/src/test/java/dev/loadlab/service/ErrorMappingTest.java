package dev.loadlab.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

class ErrorMappingTest extends StubbedUpstreamsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A refusal takes milliseconds; a request that was let in stays held and never answers within this. */
    private static final Duration ANSWERED_AT_ONCE = Duration.ofSeconds(5);
    private static TestServices services;
    private static TestService service;

    @BeforeAll
    static void startService() {
        services = TestServices.start(location, sun, weather, Map.of("upstreams.location.read-timeout", "300ms",
                                                                    "upstreams.sun.read-timeout", "300ms",
                                                                    "upstreams.weather.read-timeout", "300ms"));
        service = services.serving(ModeVariant.EVENTLOOP_VERTX);
    }

    @AfterAll
    static void stopService() {
        services.close();
    }

    @BeforeEach
    void serveUpstreams() {
        UpstreamFixtures.servePortland(location, sun, weather, 0, 0, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9", "12345678901", "97201!", "97_201"})
    void returns_400_for_an_invalid_zip_without_calling_upstreams(String zip) {
        assertError(service.get("/api/async/sun/" + zip + "/us"), 400, null);
        location.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"u", "usa", "u1"})
    void returns_400_for_an_invalid_country_without_calling_upstreams(String country) {
        assertError(service.get("/api/blocking/weather/97201/" + country), 400, null);
        weather.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void returns_404_when_location_upstream_does_not_know_the_zip(ModeVariant variant) {
        location.stubFor(UpstreamFixtures.locationRequest().willReturn(aResponse().withStatus(404).withBody("{}")));

        assertError(get(variant, "/sun/00000/us"), 404, "location");
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void returns_404_when_location_upstream_has_no_place_for_the_zip(ModeVariant variant) {
        location.stubFor(UpstreamFixtures.locationRequest().willReturn(UpstreamFixtures.json("{\"places\":[]}")));

        assertError(get(variant, "/sun/00000/us"), 404, "location");
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void returns_404_when_weather_upstream_does_not_know_the_zip(ModeVariant variant) {
        weather.stubFor(UpstreamFixtures.weatherRequest().willReturn(
                aResponse().withStatus(404).withBody("{\"cod\":\"404\",\"message\":\"city not found\"}")));

        assertError(get(variant, "/weather/00000/us"), 404, "weather");
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void returns_502_when_sun_upstream_fails(ModeVariant variant) {
        for (int upstreamStatus : new int[] {500, 503}) {
            sun.stubFor(UpstreamFixtures.sunRequest().willReturn(aResponse().withStatus(upstreamStatus)));

            assertError(get(variant, "/sun/97201/us"), 502, "sun");
        }
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void returns_502_when_location_upstream_resets_the_connection(ModeVariant variant) {
        location.stubFor(UpstreamFixtures.locationRequest().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertError(get(variant, "/sun/97201/us"), 502, "location");
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void returns_502_when_weather_upstream_closes_without_answering(ModeVariant variant) {
        weather.stubFor(UpstreamFixtures.weatherRequest().willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        assertError(get(variant, "/weather/97201/us"), 502, "weather");
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void returns_502_when_sun_upstream_sends_a_malformed_body(ModeVariant variant) {
        for (String body : new String[] {"not json", "{\"results\":\"\",\"status\":\"OK\"}", "[1,2]"}) {
            sun.stubFor(UpstreamFixtures.sunRequest().willReturn(UpstreamFixtures.json(body)));

            assertError(get(variant, "/sun/97201/us"), 502, "sun");
        }
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void returns_504_when_weather_upstream_is_slower_than_the_read_timeout(ModeVariant variant) {
        weather.stubFor(UpstreamFixtures.weatherRequest().willReturn(
                UpstreamFixtures.json(UpstreamFixtures.WEATHER_PORTLAND).withFixedDelay(1500)));

        long start = System.nanoTime();
        assertError(get(variant, "/city/97201/us"), 504, "weather");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1400);
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void returns_502_when_the_upstream_refuses_the_connection(ModeVariant variant) {
        try (TestService unreachable = TestService.start(location, sun, weather, withConfig(variant.config(),
                Map.of("upstreams.weather.base-url", "http://127.0.0.1:" + closedPort() + "/weather")))) {
            assertError(unreachable.get(variant.path("/weather/97201/us")), 502, "weather");
        }
    }

    @Test
    void returns_404_json_for_an_unknown_mode() {
        assertError(service.get("/api/reactive/sun/97201/us"), 404, null);
    }

    @Test
    void returns_404_json_for_an_unknown_endpoint() {
        assertError(service.get("/api/async/moon/97201/us"), 404, null);
        assertError(service.get("/nowhere"), 404, null);
    }

    @Test
    void returns_503_with_retry_after_when_the_blocking_queue_is_full() {
        try (TestService small = TestService.start(location, sun, weather, Map.of("blocking.pool-size", "1",
                                                                                 "blocking.queue-size", "1"));
             RecordingUpstreams.Hold held = small.upstreams().hold()) {
            // the first request must be in its upstream call before the others arrive, so that exactly one of
            // them still fits (one thread + a queue of one are admitted) and the other is refused
            CompletableFuture<HttpResponse<String>> first = small.getAsync("/api/blocking/sun/97201/us");
            small.upstreams().awaitCalls(1);
            CompletableFuture<HttpResponse<String>> second = small.getAsync("/api/blocking/sun/97201/us");
            CompletableFuture<HttpResponse<String>> third = small.getAsync("/api/blocking/sun/97201/us");
            // while the first is held on the only thread, one of the others waits in the queue of one and the
            // other is refused at once: the refusal arrives before anything is released
            assertThat(CompletableFuture.anyOf(second, third)).as("one answered while the first holds the only thread")
                    .succeedsWithin(ANSWERED_AT_ONCE);
            List<HttpResponse<String>> answeredWhileHeld = Stream.of(second, third).filter(CompletableFuture::isDone)
                    .map(CompletableFuture::join).toList();
            held.release();

            assertThat(answeredWhileHeld).hasSize(1);
            HttpResponse<String> rejected = answeredWhileHeld.getFirst();

            assertError(rejected, 503, null);
            assertThat(rejected.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(Stream.of(first, second, third).map(CompletableFuture::join))
                    .extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 200, 503);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ModeVariant.class, names = "BLOCKING", mode = EnumSource.Mode.EXCLUDE)
    void returns_503_when_the_in_flight_limit_is_reached(ModeVariant variant) {
        List<HttpResponse<String>> firstAndShed = shedWhileOneIsHeld(
                variant, withConfig(variant.config(), Map.of(variant.mode().label() + ".max-in-flight", "1")));

        assertError(firstAndShed.get(1), 503, null);
        assertThat(firstAndShed.get(1).headers().firstValue("Retry-After")).hasValue("1");
        assertThat(firstAndShed.get(1).headers().firstValue("Connection")).as("kept alive by default")
                .isNotEqualTo(Optional.of("close"));
        assertThat(firstAndShed.get(0).statusCode()).isEqualTo(200);
    }

    @Test
    void returns_503_that_closes_the_connection_when_shed_connections_are_closed() {
        List<HttpResponse<String>> firstAndShed = shedWhileOneIsHeld(ModeVariant.ASYNC,
                                                                     Map.of("async.max-in-flight", "1",
                                                                            "overload.close-connection", "true"));

        assertError(firstAndShed.get(1), 503, null);
        assertThat(firstAndShed.get(1).headers().firstValue("Connection")).hasValue("close");
        assertThat(firstAndShed.get(0).headers().firstValue("Connection")).as("an answered request keeps its connection")
                .isNotEqualTo(Optional.of("close"));
    }

    /** A request held in its upstream call, a second one sent meanwhile: both answers, in that order. */
    private static List<HttpResponse<String>> shedWhileOneIsHeld(ModeVariant variant, Map<String, String> config) {
        try (TestService small = TestService.start(location, sun, weather, config);
             RecordingUpstreams.Hold held = small.upstreams().hold()) {
            CompletableFuture<HttpResponse<String>> first = small.getAsync(variant.path("/sun/97201/us"));
            small.upstreams().awaitCalls(1); // the first is in flight, held in its location call
            HttpResponse<String> second = assertThat(small.getAsync(variant.path("/sun/97201/us")))
                    .as("answered while the first holds the only slot").succeedsWithin(ANSWERED_AT_ONCE).actual();
            held.release();
            return List.of(first.join(), second);
        }
    }

    private static HttpResponse<String> get(ModeVariant variant, String rest) {
        return services.serving(variant).get(variant.path(rest));
    }

    private static Map<String, String> withConfig(Map<String, String> base, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(base);
        all.putAll(more);
        return all;
    }

    /** A port nothing listens on: bound, then closed again. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String upstream) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        try {
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("error").asText()).isNotBlank();
            assertThat(body.has("upstream")).isTrue();
            if (upstream == null) {
                assertThat(body.get("upstream").isNull()).as(response.body()).isTrue();
            } else {
                assertThat(body.get("upstream").asText()).as(response.body()).isEqualTo(upstream);
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
