package dev.loadlab.service;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed client of the sun API: {@code GET {base}/json?lat=..&lng=..&date=today}.
 */
public final class SunClient {
    private final UpstreamHttp http;

    SunClient(UpstreamHttp http) {
        this.http = http;
    }

    /**
     * Today's sun times at a location, UTC as sent.
     *
     * @param location where
     * @return sun times
     * @throws UpstreamException if the upstream fails
     */
    public SunTimes sun(Location location) {
        JsonNode body = http.get("/json?lat=" + plain(location.latitude()) + "&lng=" + plain(location.longitude())
                                         + "&date=today");
        if (!"OK".equals(body.path("status").asText())) {
            throw http.error(UpstreamException.Kind.MALFORMED, "status " + body.path("status"), null);
        }
        JsonNode r = http.member(body, "results");
        return new SunTimes(http.text(r, "sunrise"),
                            http.text(r, "sunset"),
                            http.text(r, "solar_noon"),
                            http.text(r, "day_length"),
                            http.text(r, "civil_twilight_begin"),
                            http.text(r, "civil_twilight_end"),
                            http.text(r, "nautical_twilight_begin"),
                            http.text(r, "nautical_twilight_end"),
                            http.text(r, "astronomical_twilight_begin"),
                            http.text(r, "astronomical_twilight_end"));
    }

    private static String plain(double degrees) {
        return BigDecimal.valueOf(degrees).toPlainString();
    }
}
