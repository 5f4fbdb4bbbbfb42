package dev.loadlab.simulations;

import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.function.Function;

/** The one request each simulation sends: {@code GET {base}/{endpoint}/{zip}/{country}}, with its checks. */
public final class SunApiRequests {

    static final String STATUS = "httpStatus";
    static final String RESPONSE_TIME_MS = "responseTimeMs";
    static final String SENT_AT_MS = "sentAtMs";

    private SunApiRequests() {
    }

    public static FeederBuilder<String> places() {
        return csv("places.csv").circular();
    }

    public static HttpProtocolBuilder protocol(LoadParameters params) {
        return http.baseUrl(params.baseUrl())
                .acceptHeader("application/json")
                .disableCaching()
                .disableWarmUp()
                // One keep-alive pool for all virtual users, like a fleet of real clients; otherwise every
                // short-lived Gatling user would open a fresh connection and we would measure TCP setup.
                .shareConnections();
    }

    /** The request, named at send time by the phase it falls in (warm-up or a measured window). */
    public static HttpRequestActionBuilder request(LoadParameters params, Function<Session, String> nameAtSendTime) {
        return http(nameAtSendTime)
                .get("/" + params.endpoint() + "/#{zip}/#{country}")
                .requestTimeout(params.requestTimeout())
                // Saved first so the recorder sees them for failed requests too; the status check decides OK/KO.
                .check(status().saveAs(STATUS), responseTimeInMillis().saveAs(RESPONSE_TIME_MS), status().is(200));
    }

    /** The smoke run also checks the body: the endpoint answers with the zip it was asked for. */
    public static HttpRequestActionBuilder checkedRequest(LoadParameters params) {
        return http(params.endpoint())
                .get("/" + params.endpoint() + "/#{zip}/#{country}")
                .requestTimeout(params.requestTimeout())
                .check(status().is(200), jsonPath("$.zip").isEL("#{zip}"));
    }
}
