package dev.loadlab.service;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile path values at every endpoint and mode, sent byte for byte over a socket (a polite client would refuse or
 * normalise half of them): each is answered with a 4xx JSON error, never a 5xx, and never reaches an upstream.
 * Parts of a request that are not path values (a query string, a fragment, matrix parameters, a foreign Host or an
 * absolute URL in the request line) are ignored. After every test the three WireMock journals prove that every
 * request that did reach an upstream went to the configured host and path with only the expected query parameters.
 */
class HostileInputTest extends StubbedServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PREFIXES = Stream.concat(Arrays.stream(Mode.values()).map(mode -> "/api/" + mode.label()),
                                                               Stream.of("/api")).toList();
    private static final List<String> ENDPOINTS = List.of("sun", "weather", "city");

    @BeforeEach
    void serveUpstreams() {
        UpstreamFixtures.servePortland(location, sun, weather, 0, 0, 0);
        location.resetRequests();
        sun.resetRequests();
        weather.resetRequests();
    }

    @AfterEach
    void everyUpstreamRequestHadTheConfiguredHostPathAndQuery() {
        SoftAssertions softly = new SoftAssertions();
        for (ServeEvent event : location.getAllServeEvents()) {
            LoggedRequest r = conforms(softly, location, event);
            softly.assertThat(URI.create(r.getUrl()).getRawPath()).as(r.getUrl())
                    .matches("/location/[a-z]{2}/[A-Za-z0-9](?:[A-Za-z0-9-]|%20)*");
            softly.assertThat(r.getQueryParams()).as(r.getUrl() + " query").isEmpty();
        }
        for (ServeEvent event : sun.getAllServeEvents()) {
            LoggedRequest r = conforms(softly, sun, event);
            softly.assertThat(URI.create(r.getUrl()).getRawPath()).as(r.getUrl()).isEqualTo("/sun/json");
            softly.assertThat(r.getQueryParams().keySet()).as(r.getUrl()).containsExactlyInAnyOrder("lat", "lng", "date");
            softly.assertThat(single(r, "lat")).as(r.getUrl()).matches("-?\\d+(\\.\\d+)?");
            softly.assertThat(single(r, "lng")).as(r.getUrl()).matches("-?\\d+(\\.\\d+)?");
            softly.assertThat(single(r, "date")).as(r.getUrl()).isEqualTo("today");
        }
        for (ServeEvent event : weather.getAllServeEvents()) {
            LoggedRequest r = conforms(softly, weather, event);
            softly.assertThat(URI.create(r.getUrl()).getRawPath()).as(r.getUrl()).isEqualTo("/weather/data/2.5/weather");
            softly.assertThat(r.getQueryParams().keySet()).as(r.getUrl()).containsExactlyInAnyOrder("zip", "units");
            softly.assertThat(single(r, "zip")).as(r.getUrl()).matches("[A-Za-z0-9][A-Za-z0-9 -]*[A-Za-z0-9],[a-z]{2}");
            softly.assertThat(single(r, "units")).as(r.getUrl()).isEqualTo("metric");
        }
        softly.assertAll();
    }

    /** Values of the zip or country path segment, exactly as they go on the wire. */
    static Stream<Arguments> hostileValues() {
        return Stream.of(
                Arguments.of("1,000 characters", "9".repeat(1000)),
                Arguments.of("20,000 characters (URI too long)", "a".repeat(20_000)),
                Arguments.of("11 characters", "12345678901"),
                Arguments.of("unicode, percent-encoded", "%C3%A9%C3%A9%C3%A9"),
                Arguments.of("unicode, raw UTF-8", "ééé"),
                Arguments.of("full-width digits", "%EF%BC%99%EF%BC%97%EF%BC%92%EF%BC%90%EF%BC%91"),
                Arguments.of("right-to-left override", "97%E2%80%AE201"),
                Arguments.of("emoji", "%F0%9F%8C%9E%F0%9F%8C%9E"),
                Arguments.of("truncated UTF-8", "97%C3"),
                Arguments.of("percent-encoded slash", "97%2F201"),
                Arguments.of("percent-encoded slashes, lower case", "..%2f..%2f__admin"),
                Arguments.of("percent-encoded dots", "%2E%2E"),
                Arguments.of("percent-encoded ../../", "%2E%2E%2F%2E%2E%2F"),
                Arguments.of("double percent-encoded ../", "%252E%252E%252F"),
                Arguments.of("..", ".."),
                Arguments.of("../../../__admin", "../../../__admin"),
                Arguments.of("backslashes", "..%5C..%5C"),
                Arguments.of("CRLF header injection, encoded", "97201%0D%0AHost:%20evil.example"),
                Arguments.of("LF, encoded", "97201%0A"),
                Arguments.of("CRLF, raw", "97201\r\nX-Injected: 1"),
                Arguments.of("NUL, encoded", "97%00201"),
                Arguments.of("query injection, encoded", "97201%3Fx%3D"),
                Arguments.of("query injection, raw", "97201?x="),
                Arguments.of("fragment, encoded", "97201%23frag"),
                Arguments.of("fragment, raw", "97201#frag"),
                Arguments.of("upstream parameter injection", "97201%26units%3Dimperial"),
                Arguments.of("weather's zip,country separator", "97201,fr"),
                Arguments.of("empty segment", ""),
                Arguments.of("spaces only", "%20%20"),
                Arguments.of("hyphens only", "--"),
                Arguments.of("plus", "97+201"),
                Arguments.of("lone percent", "%"),
                Arguments.of("bad percent escape", "%zz"),
                Arguments.of("absolute URL", "http:%2F%2Fevil.example%2F"),
                Arguments.of("userinfo", "evil.example@97201"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileValues")
    void a_hostile_path_value_gets_a_4xx_json_error_at_every_endpoint_and_mode_and_no_upstream_call(String name,
                                                                                                 String value) {
        SoftAssertions softly = new SoftAssertions();
        for (String prefix : PREFIXES) {
            for (String endpoint : ENDPOINTS) {
                assertJsonClientError(softly, prefix + "/" + endpoint + "/" + value + "/us");
                assertJsonClientError(softly, prefix + "/" + endpoint + "/97201/" + value);
            }
        }
        softly.assertAll();
        assertThat(location.getAllServeEvents()).as("location calls").isEmpty();
        assertThat(sun.getAllServeEvents()).as("sun calls").isEmpty();
        assertThat(weather.getAllServeEvents()).as("weather calls").isEmpty();
    }

    @Test
    void hostile_mode_and_endpoint_segments_get_a_404_json_error() {
        SoftAssertions softly = new SoftAssertions();
        for (String target : List.of("/api/%2E%2E/sun/97201/us", "/api/async%2Fblocking/sun/97201/us",
                                     "/api/ASYNC/sun/97201/us", "/api/async/sun%00/97201/us", "/api/async//97201/us", "/api/async/sun/97201/us/extra", "/api/" + "x".repeat(3000)
                                                                                               + "/sun/97201/us")) {
            RawHttp.Response response = assertJsonClientError(softly, target);
            softly.assertThat(response.status()).as(target).isEqualTo(404);
        }
        softly.assertAll();
        assertThat(location.getAllServeEvents()).isEmpty();
    }

    @Test
    void oversized_headers_and_uris_get_a_4xx_json_error() {
        SoftAssertions softly = new SoftAssertions();
        String target = "/api/async/sun/97201/us";
        List<String> manyHeaders = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            manyHeaders.add("X-Filler-" + i + ": x");
        }
        assertJsonClientError(softly, RawHttp.get(service.port(), target, "X-Big: " + "a".repeat(64 * 1024)), "64 KiB header");
        assertJsonClientError(softly, RawHttp.get(service.port(), target, manyHeaders.toArray(String[]::new)), "2,000 headers");
        assertJsonClientError(softly, RawHttp.get(service.port(), "/api/async/sun/97201/us?q=" + "a".repeat(64 * 1024)),
                              "64 KiB query");
        assertJsonClientError(softly, RawHttp.get(service.port(), "/" + "a/".repeat(20_000)), "20,000 segments");
        softly.assertAll();
        assertThat(location.getAllServeEvents()).isEmpty();
    }

    @Test
    void query_strings_fragments_matrix_parameters_and_foreign_hosts_never_reach_an_upstream() {
        List<RawHttp.Response> answers = new ArrayList<>();
        for (String prefix : PREFIXES) {
            answers.add(RawHttp.get(service.port(), prefix + "/city/97201/us?zip=evil&units=imperial&lat=0&x=%0D%0A"));
            answers.add(RawHttp.get(service.port(), prefix + "/sun/97201/us#../../__admin?x="));
            answers.add(RawHttp.get(service.port(), prefix + "/weather/97201;units=imperial/us;x=1"));
            answers.add(RawHttp.get(service.port(), prefix.replace("/api", "/api/") + "//sun///97201/us"));
            answers.add(RawHttp.get(service.port(), "http://evil.example:1" + prefix + "/city/97201/us"));
            answers.add(RawHttp.send(service.port(), ("GET " + prefix + "/city/97201/us HTTP/1.1\r\nHost: evil.example\r\n"
                    + "X-Forwarded-Host: evil.example\r\nForwarded: host=evil.example\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }

        assertThat(answers).allSatisfy(r -> {
            assertThat(r.status()).as(r.body()).isBetween(200, 499);
            assertThat(r.body()).doesNotContain("evil", "imperial");
        });
        assertThat(answers).filteredOn(r -> r.status() == 200).as("the values themselves were fine").isNotEmpty();
        assertThat(location.getAllServeEvents()).as("requests did reach the upstreams (and are checked)").isNotEmpty();
        assertThat(weather.getAllServeEvents()).isNotEmpty();
    }

    @Test
    void valid_values_with_spaces_and_hyphens_are_encoded_into_the_configured_paths() {
        for (String prefix : PREFIXES) {
            assertThat(RawHttp.get(service.port(), prefix + "/city/972%2001/us").status()).isEqualTo(200);
            assertThat(RawHttp.get(service.port(), prefix + "/weather/100-0001/JP").status()).isEqualTo(200);
        }
        Set<String> zips = new TreeSet<>();
        weather.getAllServeEvents().forEach(e -> zips.add(single(e.getRequest(), "zip")));
        assertThat(zips).containsExactly("100-0001,jp", "972 01,us");
    }

    private static RawHttp.Response assertJsonClientError(SoftAssertions softly, String target) {
        return assertJsonClientError(softly, RawHttp.get(service.port(), target), target.length() > 120
                ? target.substring(0, 120) + "..." : target);
    }

    private static RawHttp.Response assertJsonClientError(SoftAssertions softly, RawHttp.Response response, String what) {
        softly.assertThat(response.status()).as(what + " -> " + response.body()).isBetween(400, 499);
        softly.assertThat(response.header("Content-Type")).as(what).startsWith("application/json");
        try {
            JsonNode body = JSON.readTree(response.body());
            softly.assertThat(body.path("error").isTextual() && !body.path("error").asText().isBlank())
                    .as(what + " has an error message: " + response.body()).isTrue();
            softly.assertThat(body.has("upstream") && body.get("upstream").isNull()).as(what + ": " + response.body())
                    .isTrue();
        } catch (java.io.IOException e) {
            softly.fail(what + " answered a body that is not JSON: " + response.body());
        }
        return response;
    }

    /** Method GET, Host exactly the configured base URL's host and port. */
    private static LoggedRequest conforms(SoftAssertions softly, WireMockExtension server, ServeEvent event) {
        LoggedRequest r = event.getRequest();
        softly.assertThat(r.getMethod().value()).as(r.getUrl()).isEqualTo("GET");
        softly.assertThat(r.getHeader("Host")).as(r.getUrl() + " Host")
                .isEqualTo(URI.create(server.getRuntimeInfo().getHttpBaseUrl()).getAuthority());
        return r;
    }

    private static String single(LoggedRequest r, String name) {
        Map<String, QueryParameter> params = r.getQueryParams();
        QueryParameter p = params.get(name);
        return p == null || p.values().size() != 1 ? null : p.firstValue();
    }
}
