package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Request;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One fake upstream: which requests it owns and the deterministic reply it computes for each.
 * Latency and faults are applied around it by {@link ApiResponder}.
 */
interface FakeApi {
    Api api();

    /** The WireMock request pattern this API answers (GET under its path prefix). */
    MappingBuilder route();

    /** The normal reply to this request: same request, same reply. */
    Reply respond(Request request);

    /** Status and JSON body of a normal reply. */
    record Reply(int status, String body) {
    }

    /** Path segments after the API's prefix, percent-decoded. */
    static List<String> segmentsAfter(String prefix, Request request) {
        String url = request.getUrl();
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        String rest = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
        return Arrays.stream(rest.split("/"))
                .filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8))
                .toList();
    }
}
