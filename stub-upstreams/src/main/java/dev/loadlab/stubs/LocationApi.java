package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.http.Request;
import wiremock.com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Fake of api.zippopotam.us: {@code GET /location/{country}/{zip}}.
 */
final class LocationApi implements FakeApi {
    static final String NOT_FOUND_BODY = "{}";

    @Override
    public Api api() {
        return Api.LOCATION;
    }

    @Override
    public MappingBuilder route() {
        return get(urlPathMatching("/location/.*"));
    }

    @Override
    public Reply respond(Request request) {
        List<String> segments = FakeApi.segmentsAfter(api().pathPrefix(), request);
        if (segments.size() != 2) {
            return new Reply(404, NOT_FOUND_BODY);
        }
        Optional<Place> place = Places.resolve(segments.get(0), segments.get(1));
        return place.map(p -> new Reply(200, body(p))).orElseGet(() -> new Reply(404, NOT_FOUND_BODY));
    }

    static String body(Place p) {
        ObjectNode root = Json.getObjectMapper().createObjectNode();
        root.put("post code", p.zip());
        root.put("country", p.countryName());
        root.put("country abbreviation", p.country().toUpperCase(Locale.ROOT));
        ObjectNode place = root.putArray("places").addObject();
        place.put("place name", p.placeName());
        place.put("longitude", String.format(Locale.ROOT, "%.4f", p.longitude()));
        place.put("state", p.state());
        place.put("state abbreviation", p.stateAbbreviation());
        place.put("latitude", String.format(Locale.ROOT, "%.4f", p.latitude()));
        return root.toString();
    }
}
