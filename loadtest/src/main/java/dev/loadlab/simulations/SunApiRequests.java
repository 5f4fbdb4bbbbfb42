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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/** The one request each simulation sends: {@code GET {base}/{endpoint}/{zip}/{country}}, with its checks. */
public final class SunApiRequests {

    static final String STATUS = "httpStatus";
    private static final String PLACES = "places.csv";
    static final String RESPONSE_TIME_MS = "responseTimeMs";
    static final String SENT_AT_MS = "sentAtMs";

    private SunApiRequests() {
    }

    public static FeederBuilder<String> places() {
        return csv(PLACES).circular();
    }

    /**
     * The path of the first request a simulation sends, e.g. {@code /sun/97201/us}: the feeder's first place.
     * The lab's preflight, drain probe and warm-up send this one, so they meet what a point meets first.
     */
    public static String firstPath(String endpoint) {
        try (InputStream in = SunApiRequests.class.getClassLoader().getResourceAsStream(PLACES)) {
            if (in == null) {
                throw new IllegalStateException(PLACES + " is not on the class path");
            }
            List<String> rows = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank()).toList();
            String[] place = rows.get(1).split(","); // row 0 is the header: zip,country
            return "/" + endpoint + "/" + place[0].trim() + "/" + place[1].trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PLACES, e);
        }
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
