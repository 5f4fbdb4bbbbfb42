package dev.loadlab.service;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sun API: {@code GET {base}/json?lat=..&lng=..&date=today} answers today's sun times at a location, UTC.
 */
final class SunContract implements UpstreamContract<Location, SunTimes> {
    private final UpstreamResponses responses = new UpstreamResponses(Upstream.SUN);

    @Override
    public Upstream upstream() {
        return Upstream.SUN;
    }

    @Override
    public String pathAndQuery(Location location) {
        return "/json?lat=" + plain(location.latitude()) + "&lng=" + plain(location.longitude()) + "&date=today";
    }

    @Override
    public SunTimes parse(Location location, JsonNode body) {
        if (!"OK".equals(body.path("status").asText())) {
            throw responses.error(UpstreamException.Kind.MALFORMED, "status " + body.path("status"), null);
        }
        JsonNode r = responses.member(body, "results");
        return new SunTimes(responses.text(r, "sunrise"),
                            responses.text(r, "sunset"),
                            responses.text(r, "solar_noon"),
                            responses.text(r, "day_length"),
                            responses.text(r, "civil_twilight_begin"),
                            responses.text(r, "civil_twilight_end"),
                            responses.text(r, "nautical_twilight_begin"),
                            responses.text(r, "nautical_twilight_end"),
                            responses.text(r, "astronomical_twilight_begin"),
                            responses.text(r, "astronomical_twilight_end"));
    }

    private static String plain(double degrees) {
        return BigDecimal.valueOf(degrees).toPlainString();
    }
}
