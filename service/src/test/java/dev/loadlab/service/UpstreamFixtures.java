package dev.loadlab.service;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * WireMock upstreams serving the shapes of docs/CONTRACTS.md, one server per API on a dynamic port,
 * asynchronous responses so fixed delays do not hold Jetty workers.
 */
final class UpstreamFixtures {
    static final String LOCATION_PORTLAND = """
            {"post code":"97201","country":"United States","country abbreviation":"US",
             "places":[{"place name":"Portland","longitude":"-122.6894","state":"Oregon",
                        "state abbreviation":"OR","latitude":"45.5074"}]}""";
    static final String SUN_PORTLAND = """
            {"results":{"sunrise":"7:27:02 AM","sunset":"5:05:55 PM","solar_noon":"12:16:28 PM",
             "day_length":"9:38:53","civil_twilight_begin":"6:58:12 AM","civil_twilight_end":"5:34:45 PM",
             "nautical_twilight_begin":"6:25:20 AM","nautical_twilight_end":"6:07:37 PM",
             "astronomical_twilight_begin":"5:53:30 AM","astronomical_twilight_end":"6:39:27 PM"},
             "status":"OK"}""";
    static final String WEATHER_PORTLAND = """
            {"coord":{"lon":-122.69,"lat":45.51},"weather":[{"id":500,"main":"Rain","description":"light rain","icon":"10d"}],
             "main":{"temp":8.4,"feels_like":6.9,"pressure":1019,"humidity":87},"wind":{"speed":3.1,"deg":200},
             "name":"Portland","cod":200}""";

    private UpstreamFixtures() {
    }

    static WireMockExtension server() {
        return WireMockExtension.newInstance()
                .options(wireMockConfig().dynamicPort()
                                 .bindAddress("127.0.0.1")
                                 .asynchronousResponseEnabled(true)
                                 .asynchronousResponseThreads(32)
                                 .containerThreads(64)
                                 .maxRequestJournalEntries(1000))
                .build();
    }

    static String baseUrl(WireMockExtension server, Upstream upstream) {
        return server.getRuntimeInfo().getHttpBaseUrl() + "/" + upstream.label();
    }

    static MappingBuilder locationRequest() {
        return get(urlPathMatching("/location/[^/]+/[^/]+"));
    }

    static MappingBuilder sunRequest() {
        return get(urlPathEqualTo("/sun/json"));
    }

    static MappingBuilder weatherRequest() {
        return get(urlPathEqualTo("/weather/data/2.5/weather"));
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** Happy-path answers with the given fixed delays (ms). */
    static void servePortland(WireMockExtension location, WireMockExtension sun, WireMockExtension weather,
                              int locationDelayMs, int sunDelayMs, int weatherDelayMs) {
        location.stubFor(locationRequest().willReturn(json(LOCATION_PORTLAND).withFixedDelay(locationDelayMs)));
        sun.stubFor(sunRequest().willReturn(json(SUN_PORTLAND).withFixedDelay(sunDelayMs)));
        weather.stubFor(weatherRequest().willReturn(json(WEATHER_PORTLAND).withFixedDelay(weatherDelayMs)));
    }
}
