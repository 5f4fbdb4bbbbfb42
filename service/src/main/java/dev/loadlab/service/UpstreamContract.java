package dev.loadlab.service;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One upstream API as docs/CONTRACTS.md describes it: the request for an input, and the typed value its JSON body
 * holds. The blocking ({@link HttpUpstreams}) and the non-blocking ({@link EventLoopUpstreams}) clients call the
 * APIs through these same contracts, so an upstream's answer means the same in every mode.
 *
 * @param <I> what the call asks about
 * @param <T> the answer
 */
interface UpstreamContract<I, T> {
    /** {@code GET {base}/{country}/{zip}}. */
    UpstreamContract<Query, Location> LOCATION = new LocationContract();
    /** {@code GET {base}/json?lat=..&lng=..&date=today}. */
    UpstreamContract<Location, SunTimes> SUN = new SunContract();
    /** {@code GET {base}/data/2.5/weather?zip={zip},{country}&units=metric}. */
    UpstreamContract<Query, Weather> WEATHER = new WeatherContract();

    /**
     * Which API this is.
     *
     * @return upstream
     */
    Upstream upstream();

    /**
     * What follows the API's base URL, every value in it encoded.
     *
     * @param input what the call asks about
     * @return path and query, starting with {@code /}
     */
    String pathAndQuery(I input);

    /**
     * The typed answer in a 2xx response's JSON object.
     *
     * @param input what the call asked about (for messages)
     * @param body  the response's JSON object
     * @return the answer
     * @throws UpstreamException MALFORMED if a field is missing, NOT_FOUND if the API answered "nothing there"
     */
    T parse(I input, JsonNode body);

    /**
     * Encode one path segment or query value (spaces as {@code %20}, never {@code +}).
     *
     * @param value raw value
     * @return encoded value
     */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
