package dev.loadlab.stubs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import wiremock.com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Body shapes, determinism and error cases of the three fake APIs (docs/CONTRACTS.md), with no latency. */
class FakeApisTest {
    @RegisterExtension
    static final StubUpstreamsExtension STUBS = new StubUpstreamsExtension(StubConfig.builder().latencyMs(0).build());

    @Test
    void location_returns_zippopotam_shape_for_known_zip() {
        HttpResponse<String> response = Http.get(STUBS.locationUrl() + "/us/97201");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode body = Http.json(response.body());
        assertThat(body.get("post code").asText()).isEqualTo("97201");
        assertThat(body.get("country").asText()).isEqualTo("United States");
        assertThat(body.get("country abbreviation").asText()).isEqualTo("US");
        JsonNode place = body.get("places").get(0);
        assertThat(place.get("place name").asText()).isEqualTo("Portland");
        assertThat(place.get("state").asText()).isEqualTo("Oregon");
        assertThat(place.get("state abbreviation").asText()).isEqualTo("OR");
        assertThat(place.get("latitude").isTextual()).as("latitude is a string, as in the real API").isTrue();
        assertThat(place.get("longitude").isTextual()).isTrue();
        assertThat(Double.parseDouble(place.get("latitude").asText())).isCloseTo(45.5, org.assertj.core.data.Offset.offset(0.2));
        assertThat(Double.parseDouble(place.get("longitude").asText())).isCloseTo(-122.7, org.assertj.core.data.Offset.offset(0.2));
    }

    @Test
    void location_serves_every_known_place() {
        for (Place p : KnownPlaces.all()) {
            HttpResponse<String> response = Http.get(STUBS.locationUrl() + "/" + p.country() + "/" + p.zip());
            assertThat(response.statusCode()).as(p.toString()).isEqualTo(200);
            assertThat(Http.json(response.body()).get("places").get(0).get("place name").asText()).isEqualTo(p.placeName());
        }
        assertThat(KnownPlaces.all()).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void location_is_deterministic_and_varies_with_zip() {
        String first = Http.get(STUBS.locationUrl() + "/us/12345").body();
        String again = Http.get(STUBS.locationUrl() + "/us/12345").body();
        String other = Http.get(STUBS.locationUrl() + "/us/12346").body();
        String otherCountry = Http.get(STUBS.locationUrl() + "/de/12345").body();

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(otherCountry).isNotEqualTo(first);
        JsonNode place = Http.json(first).get("places").get(0);
        assertThat(place.get("place name").asText()).isEqualTo("Place 12345");
        assertThat(Double.parseDouble(place.get("latitude").asText())).isBetween(-60.0, 60.0);
        assertThat(Double.parseDouble(place.get("longitude").asText())).isBetween(-180.0, 180.0);
    }

    @Test
    void returns_404_for_unknown_zip() {
        for (String path : List.of("/us/00000", "/fr/0", "/jp/000-0000")) {
            HttpResponse<String> response = Http.get(STUBS.locationUrl() + path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).isEqualTo("{}");
        }
    }

    @Test
    void sun_returns_sunrise_sunset_shape() {
        HttpResponse<String> response = Http.get(STUBS.sunUrl() + "/json?lat=45.5074&lng=-122.6894&date=today");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Http.json(response.body());
        assertThat(body.get("status").asText()).isEqualTo("OK");
        JsonNode results = body.get("results");
        for (String key : List.of("sunrise", "sunset", "solar_noon", "civil_twilight_begin", "civil_twilight_end",
                                  "nautical_twilight_begin", "nautical_twilight_end", "astronomical_twilight_begin",
                                  "astronomical_twilight_end")) {
            assertThat(results.get(key).asText()).as(key).matches("(1[0-2]|[1-9]):[0-5]\\d:[0-5]\\d (AM|PM)");
        }
        assertThat(results.get("day_length").asText()).matches("\\d{1,2}:[0-5]\\d:[0-5]\\d");
        // solar noon UTC = 12:00 - lng/15 h = 20:10:45 for lng -122.6894
        assertThat(results.get("solar_noon").asText()).isEqualTo("8:10:45 PM");
    }

    @Test
    void sun_is_deterministic_and_varies_with_coordinates() {
        String first = Http.get(STUBS.sunUrl() + "/json?lat=45.5&lng=-122.6&date=today").body();
        String again = Http.get(STUBS.sunUrl() + "/json?lat=45.5&lng=-122.6&date=today").body();
        String otherLat = Http.get(STUBS.sunUrl() + "/json?lat=10.5&lng=-122.6&date=today").body();
        String otherLng = Http.get(STUBS.sunUrl() + "/json?lat=45.5&lng=13.4&date=today").body();

        assertThat(again).isEqualTo(first);
        assertThat(Http.json(otherLat).get("results").get("day_length").asText())
                .isNotEqualTo(Http.json(first).get("results").get("day_length").asText());
        assertThat(Http.json(otherLng).get("results").get("solar_noon").asText())
                .isNotEqualTo(Http.json(first).get("results").get("solar_noon").asText());
    }

    @Test
    void sun_returns_400_for_missing_or_non_numeric_coordinates() {
        for (String query : List.of("lng=1", "lat=1", "lat=abc&lng=1", "lat=1&lng=", "lat=91&lng=0", "lat=0&lng=181")) {
            HttpResponse<String> response = Http.get(STUBS.sunUrl() + "/json?" + query + "&date=today");
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"results\":\"\",\"status\":\"INVALID_REQUEST\"}");
        }
    }

    @Test
    void weather_returns_openweathermap_shape_with_the_location_place() {
        HttpResponse<String> response = Http.get(STUBS.weatherUrl() + "/data/2.5/weather?zip=97201,us&units=metric");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Http.json(response.body());
        assertThat(body.get("coord").get("lon").asDouble()).isEqualTo(-122.69);
        assertThat(body.get("coord").get("lat").asDouble()).isEqualTo(45.51);
        JsonNode weather = body.get("weather").get(0);
        assertThat(weather.get("id").isInt()).isTrue();
        assertThat(weather.get("main").asText()).isNotBlank();
        assertThat(weather.get("description").asText()).isNotBlank();
        assertThat(weather.get("icon").asText()).matches("\\d\\dd");
        JsonNode main = body.get("main");
        assertThat(main.get("temp").isNumber()).isTrue();
        assertThat(main.get("feels_like").isNumber()).isTrue();
        assertThat(main.get("pressure").asInt()).isBetween(950, 1050);
        assertThat(main.get("humidity").asInt()).isBetween(0, 100);
        assertThat(body.get("wind").get("speed").isNumber()).isTrue();
        assertThat(body.get("wind").get("deg").asInt()).isBetween(0, 359);
        assertThat(body.get("name").asText()).isEqualTo("Portland");
        assertThat(body.get("cod").asInt()).isEqualTo(200);
    }

    @Test
    void weather_is_deterministic_and_varies_with_zip() {
        String first = Http.get(STUBS.weatherUrl() + "/data/2.5/weather?zip=10115,de&units=metric").body();
        String again = Http.get(STUBS.weatherUrl() + "/data/2.5/weather?zip=10115,de&units=metric").body();
        String other = Http.get(STUBS.weatherUrl() + "/data/2.5/weather?zip=75001,fr&units=metric").body();

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(Http.json(other).get("name").asText()).isEqualTo("Paris");
    }

    @Test
    void weather_returns_404_for_unknown_zip() {
        HttpResponse<String> response = Http.get(STUBS.weatherUrl() + "/data/2.5/weather?zip=00000,us&units=metric");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"cod\":\"404\",\"message\":\"city not found\"}");
    }

    @Test
    void unknown_routes_get_a_plain_404() {
        assertThat(Http.get(STUBS.sunUrl() + "/nope").statusCode()).isEqualTo(404);
        assertThat(Http.get(STUBS.locationUrl() + "/us").statusCode()).isEqualTo(404);
        assertThat(Http.get(STUBS.locationUrl().replace("/location", "/elsewhere")).statusCode()).isEqualTo(404);
    }

    @Test
    void test_methods_can_take_the_running_stubs_as_a_parameter(StubUpstreams stubs) {
        assertThat(stubs.port()).isPositive();
        assertThat(stubs.locationUrl()).isEqualTo("http://127.0.0.1:" + stubs.port() + "/location");
        assertThat(stubs.adminUrl()).isEqualTo("http://127.0.0.1:" + stubs.port() + "/__admin");
    }
}
