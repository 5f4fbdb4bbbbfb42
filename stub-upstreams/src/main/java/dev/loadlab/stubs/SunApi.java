package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import wiremock.com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.OptionalDouble;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * Fake of api.sunrise-sunset.org: {@code GET /sun/json?lat=..&lng=..&date=today}.
 *
 * <p>Times are UTC and depend only on lat/lng: solar noon = 12:00 - lng/15 h; the hour angles come from
 * the standard sunrise equation for a fixed solar declination of -20 degrees (late November), whatever
 * {@code date} says. Polar cases are clamped (no day: all times at solar noon; no night: 24 h).
 */
final class SunApi implements FakeApi {
    static final String INVALID_BODY = "{\"results\":\"\",\"status\":\"INVALID_REQUEST\"}";
    static final double DECLINATION_DEGREES = -20.0;

    @Override
    public Api api() {
        return Api.SUN;
    }

    @Override
    public MappingBuilder route() {
        return get(urlPathEqualTo("/sun/json"));
    }

    @Override
    public Reply respond(Request request) {
        OptionalDouble lat = number(request.queryParameter("lat"));
        OptionalDouble lng = number(request.queryParameter("lng"));
        if (lat.isEmpty() || lng.isEmpty() || Math.abs(lat.getAsDouble()) > 90 || Math.abs(lng.getAsDouble()) > 180) {
            return new Reply(400, INVALID_BODY);
        }
        return new Reply(200, body(lat.getAsDouble(), lng.getAsDouble()));
    }

    static String body(double lat, double lng) {
        double noon = 720.0 - 4.0 * lng; // minutes after 00:00 UTC
        double sun = halfDayMinutes(lat, -0.833);
        double civil = halfDayMinutes(lat, -6.0);
        double nautical = halfDayMinutes(lat, -12.0);
        double astronomical = halfDayMinutes(lat, -18.0);

        ObjectNode root = Json.getObjectMapper().createObjectNode();
        ObjectNode results = root.putObject("results");
        results.put("sunrise", clock(noon - sun));
        results.put("sunset", clock(noon + sun));
        results.put("solar_noon", clock(noon));
        results.put("day_length", duration(2 * sun));
        results.put("civil_twilight_begin", clock(noon - civil));
        results.put("civil_twilight_end", clock(noon + civil));
        results.put("nautical_twilight_begin", clock(noon - nautical));
        results.put("nautical_twilight_end", clock(noon + nautical));
        results.put("astronomical_twilight_begin", clock(noon - astronomical));
        results.put("astronomical_twilight_end", clock(noon + astronomical));
        root.put("status", "OK");
        return root.toString();
    }

    /** Minutes from solar noon until the sun is {@code altitude} degrees high (0 .. 720). */
    private static double halfDayMinutes(double latitude, double altitude) {
        double phi = Math.toRadians(latitude);
        double delta = Math.toRadians(DECLINATION_DEGREES);
        double cos = (Math.sin(Math.toRadians(altitude)) - Math.sin(phi) * Math.sin(delta))
                / (Math.cos(phi) * Math.cos(delta));
        double omega = Math.toDegrees(Math.acos(Math.max(-1.0, Math.min(1.0, cos))));
        return omega * 4.0;
    }

    /** 12-hour UTC clock like sunrise-sunset.org: {@code 7:27:02 AM}. */
    static String clock(double minutes) {
        long seconds = Math.floorMod(Math.round(minutes * 60.0), 86_400L);
        long h24 = seconds / 3600;
        long h12 = h24 % 12 == 0 ? 12 : h24 % 12;
        return String.format(Locale.ROOT, "%d:%02d:%02d %s", h12, (seconds / 60) % 60, seconds % 60, h24 < 12 ? "AM" : "PM");
    }

    /** Day length like sunrise-sunset.org: {@code 9:38:53}. */
    static String duration(double minutes) {
        long seconds = Math.round(minutes * 60.0);
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }

    private static OptionalDouble number(QueryParameter parameter) {
        if (parameter == null || !parameter.isPresent()) {
            return OptionalDouble.empty();
        }
        try {
            double value = Double.parseDouble(parameter.firstValue().trim());
            return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }
}
