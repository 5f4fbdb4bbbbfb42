package dev.loadlab.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed client of the location API: {@code GET {base}/{country}/{zip}}.
 */
public final class LocationClient {
    private final UpstreamHttp http;

    LocationClient(UpstreamHttp http) {
        this.http = http;
    }

    /**
     * Place and coordinates of a zip code.
     *
     * @param query zip and country
     * @return location
     * @throws UpstreamException if the upstream fails or does not know the zip
     */
    public Location location(Query query) {
        JsonNode body = http.get("/" + UpstreamHttp.encode(query.countryLowerCase()) + "/" + UpstreamHttp.encode(query.zip()));
        JsonNode places = http.member(body, "places");
        if (places.isEmpty()) {
            throw http.error(UpstreamException.Kind.NOT_FOUND, "no place for zip " + query.zip(), null);
        }
        JsonNode place = places.get(0);
        return new Location(http.text(place, "place name"), http.number(place, "latitude"), http.number(place, "longitude"));
    }
}
