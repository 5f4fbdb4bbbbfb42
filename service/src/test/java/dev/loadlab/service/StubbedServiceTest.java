package dev.loadlab.service;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The service with its default config against the three WireMock upstreams, started once per test class: once per
 * eventloop client ({@link TestServices}); {@link #service} is the one with the default client.
 */
abstract class StubbedServiceTest extends StubbedUpstreamsTest {
    static TestServices services;
    static TestService service;

    @BeforeAll
    static void startService() {
        services = TestServices.start(location, sun, weather, Map.of());
        service = services.serving(ModeVariant.EVENTLOOP_VERTX);
    }

    @AfterAll
    static void stopService() {
        services.close();
    }

    /** GET a variant's endpoint, e.g. {@code get(variant, "/sun/97201/us")}, from the service that serves it. */
    static HttpResponse<String> get(ModeVariant variant, String rest) {
        return services.serving(variant).get(variant.path(rest));
    }
}
