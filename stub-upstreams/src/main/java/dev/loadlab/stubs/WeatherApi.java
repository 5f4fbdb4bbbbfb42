package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import wiremock.com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * Fake of openweathermap's current weather: {@code GET /weather/data/2.5/weather?zip={zip},{country}&units=metric}.
 *
 * <p>The place (name, coordinates) is the one the location API returns for the same pair; the weather is a
 * deterministic function of a hash of zip and country, with the temperature falling with latitude.
 * Always metric; a zip without ",country" means the US, as in the real API.
 */
final class WeatherApi implements FakeApi {
    static final String NOT_FOUND_BODY = "{\"cod\":\"404\",\"message\":\"city not found\"}";
    static final String NO_ZIP_BODY = "{\"cod\":\"400\",\"message\":\"Nothing to geocode\"}";

    private record Condition(int id, String main, String description, String icon) {
    }

    private static final Condition[] CONDITIONS = {
            new Condition(800, "Clear", "clear sky", "01d"),
            new Condition(801, "Clouds", "few clouds", "02d"),
            new Condition(803, "Clouds", "broken clouds", "04d"),
            new Condition(500, "Rain", "light rain", "10d"),
            new Condition(501, "Rain", "moderate rain", "10d"),
            new Condition(741, "Fog", "fog", "50d"),
    };
    private static final Condition SNOW = new Condition(600, "Snow", "light snow", "13d");

    @Override
    public Api api() {
        return Api.WEATHER;
    }

    @Override
    public MappingBuilder route() {
        return get(urlPathEqualTo("/weather/data/2.5/weather"));
    }

    @Override
    public Reply respond(Request request) {
        QueryParameter zipParam = request.queryParameter("zip");
        if (zipParam == null || !zipParam.isPresent() || zipParam.firstValue().isBlank()) {
            return new Reply(400, NO_ZIP_BODY);
        }
        String value = zipParam.firstValue();
        int comma = value.lastIndexOf(',');
        String zip = comma < 0 ? value : value.substring(0, comma);
        String country = comma < 0 ? "us" : value.substring(comma + 1);
        Optional<Place> place = Places.resolve(country, zip);
        return place.map(p -> new Reply(200, body(p))).orElseGet(() -> new Reply(404, NOT_FOUND_BODY));
    }

    static String body(Place p) {
        long h = Places.hash("weather:" + p.zip() + "," + p.country());
        double temp = round1(27.0 - 0.45 * Math.abs(p.latitude()) + 10.0 * Places.unit(h) - 5.0);
        double windSpeed = round1(12.0 * Places.unit(h * 31 + 7));
        Condition condition = CONDITIONS[(int) Math.floorMod(h >>> 17, (long) CONDITIONS.length)];
        if (temp < 1.0 && "Rain".equals(condition.main())) {
            condition = SNOW;
        }

        ObjectNode root = Json.getObjectMapper().createObjectNode();
        ObjectNode coord = root.putObject("coord");
        coord.put("lon", round2(p.longitude()));
        coord.put("lat", round2(p.latitude()));
        ObjectNode weather = root.putArray("weather").addObject();
        weather.put("id", condition.id());
        weather.put("main", condition.main());
        weather.put("description", condition.description());
        weather.put("icon", condition.icon());
        ObjectNode main = root.putObject("main");
        main.put("temp", temp);
        main.put("feels_like", round1(temp - 0.5 * windSpeed));
        main.put("pressure", 990 + (int) Math.floorMod(h >>> 29, 46L));
        main.put("humidity", 30 + (int) Math.floorMod(h >>> 37, 70L));
        ObjectNode wind = root.putObject("wind");
        wind.put("speed", windSpeed);
        wind.put("deg", (int) Math.floorMod(h >>> 45, 360L));
        root.put("name", p.placeName());
        root.put("cod", 200);
        return root.toString();
    }

    private static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
