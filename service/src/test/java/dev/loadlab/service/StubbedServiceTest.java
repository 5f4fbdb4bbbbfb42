package dev.loadlab.service;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One service with its default config against the three WireMock upstreams, started once per test class.
 */
abstract class StubbedServiceTest extends StubbedUpstreamsTest {
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
