package dev.loadlab.simulations;

import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * The lab's own service's request, for the simulations that only drive it (the reliability episodes and the smoke
 * check): {@code GET {base}/{endpoint}/{zip}/{country}} with the places of the built-in scenario.
 */
public final class SunApiRequests {

    /** The built-in scenario's places, on the class path under the same name as in the repository. */
    private static final String PLACES = "scenarios/places.csv";

    private SunApiRequests() {
    }

    public static FeederBuilder<String> places() {
        return csv(PLACES).circular();
    }

    /** The smoke run also checks the body: the endpoint answers with the zip it was asked for. */
    public static HttpRequestActionBuilder checkedRequest(LoadParameters params) {
        return http(params.endpoint())
                .get("/" + params.endpoint() + "/#{zip}/#{country}")
                .requestTimeout(params.requestTimeout())
                .check(status().is(200), jsonPath("$.zip").isEL("#{zip}"));
    }
}
