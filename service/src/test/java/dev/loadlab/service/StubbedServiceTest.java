package dev.loadlab.service;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One service with its default config against three WireMock upstreams, started once per test class. Each
 * subclass runs its own lifecycle: the extensions start fresh servers in its {@code beforeAll} and stop them in
 * its {@code afterAll} (test classes run one after another here).
 */
abstract class StubbedServiceTest {
    @RegisterExtension
    static WireMockExtension location = UpstreamFixtures.server();
    @RegisterExtension
    static WireMockExtension sun = UpstreamFixtures.server();
    @RegisterExtension
    static WireMockExtension weather = UpstreamFixtures.server();

    static TestService service;

    @BeforeAll
    static void startService() {
        service = TestService.start(location, sun, weather);
    }

    @AfterAll
    static void stopService() {
        service.close();
    }
}
