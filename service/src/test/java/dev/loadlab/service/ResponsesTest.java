package dev.loadlab.service;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class ResponsesTest extends StubbedServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUN_REPORT = """
            {"zip":"97201","country":"US","place":"Portland","latitude":45.5074,"longitude":-122.6894,
             "timeZone":"America/Los_Angeles","sunrise":"23:27:02","sunset":"09:05:55","solarNoon":"04:16:28",
             "dayLength":"09:38:53","civilTwilightBegin":"22:58:12","civilTwilightEnd":"09:34:45",
             "nauticalTwilightBegin":"22:25:20","nauticalTwilightEnd":"10:07:37",
             "astronomicalTwilightBegin":"21:53:30","astronomicalTwilightEnd":"10:39:27"}""";
    private static final String WEATHER_REPORT = """
            {"zip":"97201","country":"US","place":"Portland","description":"light rain","temperatureC":8.4,
             "feelsLikeC":6.9,"humidityPercent":87,"windSpeedMs":3.1}""";

    @BeforeEach
    void serveUpstreams() {
        UpstreamFixtures.servePortland(location, sun, weather, 0, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void sun_returns_location_and_local_sun_times(ModeVariant variant) throws Exception {
        HttpResponse<String> response = get(variant, "/sun/97201/us");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(SUN_REPORT));
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void weather_returns_current_weather(ModeVariant variant) throws Exception {
        HttpResponse<String> response = get(variant, "/weather/97201/us");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(WEATHER_REPORT));
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void city_returns_sun_and_weather_together(ModeVariant variant) throws Exception {
        HttpResponse<String> response = get(variant, "/city/97201/us");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode expected = JSON.readTree("{\"zip\":\"97201\",\"country\":\"US\",\"sun\":" + SUN_REPORT
                                                  + ",\"weather\":" + WEATHER_REPORT + "}");
        assertThat(JSON.readTree(response.body())).isEqualTo(expected);
    }

    @Test
    void every_mode_returns_the_same_body_for_the_same_input() {
        for (String endpoint : new String[] {"sun", "weather", "city"}) {
            Set<String> bodies = new HashSet<>();
            for (ModeVariant variant : ModeVariant.values()) {
                bodies.add(get(variant, "/" + endpoint + "/97201/us").body());
            }
            assertThat(bodies).as(endpoint).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sun", "weather", "city"})
    void demo_urls_without_mode_use_the_default_mode(String endpoint) {
        String withoutMode = service.get("/api/" + endpoint + "/97201/us").body();
        String async = service.get("/api/async/" + endpoint + "/97201/us").body();

        assertThat(withoutMode).isEqualTo(async);
        assertThat(service.upstreams().calls()).allMatch(call -> call.threadName().startsWith("async-io-"));
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void country_is_upper_case_in_output_and_lower_case_in_upstream_urls(ModeVariant variant) throws Exception {
        HttpResponse<String> response = get(variant, "/city/97201/Us");

        assertThat(JSON.readTree(response.body()).path("country").asText()).isEqualTo("US");
        location.verify(getRequestedFor(urlEqualTo("/location/us/97201")));
        weather.verify(getRequestedFor(urlPathEqualTo("/weather/data/2.5/weather"))
                               .withQueryParam("zip", equalTo("97201,us"))
                               .withQueryParam("units", equalTo("metric")));
        sun.verify(getRequestedFor(urlPathEqualTo("/sun/json"))
                           .withQueryParam("lat", equalTo("45.5074"))
                           .withQueryParam("lng", equalTo("-122.6894"))
                           .withQueryParam("date", equalTo("today")));
    }

    @ParameterizedTest
    @EnumSource(ModeVariant.class)
    void zip_with_space_is_url_encoded_before_it_reaches_the_upstream(ModeVariant variant) {
        HttpResponse<String> response = get(variant, "/sun/SW1A%201AA/gb");

        assertThat(response.statusCode()).isEqualTo(200);
        location.verify(getRequestedFor(urlEqualTo("/location/gb/SW1A%201AA")));
    }
}
