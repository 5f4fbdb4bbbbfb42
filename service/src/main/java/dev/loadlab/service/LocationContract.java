package dev.loadlab.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The location API: {@code GET {base}/{country}/{zip}} answers a place and its coordinates.
 */
final class LocationContract implements UpstreamContract<Query, Location> {
    private final UpstreamResponses responses = new UpstreamResponses(Upstream.LOCATION);

    @Override
    public Upstream upstream() {
        return Upstream.LOCATION;
    }

    @Override
    public String pathAndQuery(Query query) {
        return "/" + UpstreamContract.encode(query.countryLowerCase()) + "/" + UpstreamContract.encode(query.zip());
    }

    /** The first place; an empty {@code places} array means the zip is unknown (NOT_FOUND). */
    @Override
    public Location parse(Query query, JsonNode body) {
        JsonNode places = responses.member(body, "places");
        if (places.isEmpty()) {
            throw responses.error(UpstreamException.Kind.NOT_FOUND, "no place for zip " + query.zip(), null);
        }
        JsonNode place = places.get(0);
        return new Location(responses.text(place, "place name"),
                            responses.number(place, "latitude"),
                            responses.number(place, "longitude"));
    }
}
