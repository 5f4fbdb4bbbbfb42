package dev.loadlab.service;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/**
 * One {@link TestService} per eventloop client candidate, otherwise configured alike, so that every
 * {@link ModeVariant} has a service to serve it.
 */
final class TestServices implements AutoCloseable {
    private final Map<ServiceSettings.EventLoopClient, TestService> byClient;

    private TestServices(Map<ServiceSettings.EventLoopClient, TestService> byClient) {
        this.byClient = byClient;
    }

    static TestServices start(WireMockExtension location,
                              WireMockExtension sun,
                              WireMockExtension weather,
                              Map<String, String> overrides) {
        Map<ServiceSettings.EventLoopClient, TestService> byClient = new EnumMap<>(ServiceSettings.EventLoopClient.class);
        for (ModeVariant variant : new ModeVariant[] {ModeVariant.EVENTLOOP_VERTX, ModeVariant.EVENTLOOP_JDK}) {
            Map<String, String> config = new HashMap<>(overrides);
            config.putAll(variant.config());
            byClient.put(variant.client(), TestService.start(location, sun, weather, config));
        }
        return new TestServices(byClient);
    }

    /** The service that serves a variant. */
    TestService serving(ModeVariant variant) {
        return byClient.get(variant.client());
    }

    Iterable<TestService> all() {
        return byClient.values();
    }

    @Override
    public void close() {
        byClient.values().forEach(TestService::close);
    }
}
