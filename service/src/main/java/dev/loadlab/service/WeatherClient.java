package dev.loadlab.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed client of the weather API: {@code GET {base}/data/2.5/weather?zip={zip},{country}&units=metric}.
 */
public final class WeatherClient {
    private final UpstreamHttp http;

    WeatherClient(UpstreamHttp http) {
        this.http = http;
    }

    /**
     * Current weather at a zip code.
     *
     * @param query zip and country
     * @return weather
     * @throws UpstreamException if the upstream fails or does not know the zip
     */
    public Weather weather(Query query) {
        JsonNode body = http.get("/data/2.5/weather?zip=" + UpstreamHttp.encode(query.zip()) + ","
                                         + UpstreamHttp.encode(query.countryLowerCase()) + "&units=metric");
        JsonNode conditions = http.member(body, "weather");
        if (conditions.isEmpty()) {
            throw http.error(UpstreamException.Kind.MALFORMED, "empty 'weather' array", null);
        }
        JsonNode main = http.member(body, "main");
        return new Weather(http.text(body, "name"),
                           http.text(conditions.get(0), "description"),
                           http.number(main, "temp"),
                           http.number(main, "feels_like"),
                           (int) Math.round(http.number(main, "humidity")),
                           http.number(http.member(body, "wind"), "speed"));
    }
}
