package dev.loadlab.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The weather API: {@code GET {base}/data/2.5/weather?zip={zip},{country}&units=metric} answers the current weather.
 */
final class WeatherContract implements UpstreamContract<Query, Weather> {
    private final UpstreamResponses responses = new UpstreamResponses(Upstream.WEATHER);

    @Override
    public Upstream upstream() {
        return Upstream.WEATHER;
    }

    @Override
    public String pathAndQuery(Query query) {
        return "/data/2.5/weather?zip=" + UpstreamContract.encode(query.zip()) + ","
                + UpstreamContract.encode(query.countryLowerCase()) + "&units=metric";
    }

    @Override
    public Weather parse(Query query, JsonNode body) {
        JsonNode conditions = responses.member(body, "weather");
        if (conditions.isEmpty()) {
            throw responses.error(UpstreamException.Kind.MALFORMED, "empty 'weather' array", null);
        }
        JsonNode main = responses.member(body, "main");
        return new Weather(responses.text(body, "name"),
                           responses.text(conditions.get(0), "description"),
                           responses.number(main, "temp"),
                           responses.number(main, "feels_like"),
                           (int) Math.round(responses.number(main, "humidity")),
                           responses.number(responses.member(body, "wind"), "speed"));
    }
}
