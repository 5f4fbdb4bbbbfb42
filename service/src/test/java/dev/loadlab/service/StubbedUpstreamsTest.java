package dev.loadlab.service;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three WireMock upstreams, started once per test class. Each subclass runs its own lifecycle: the extensions
 * start fresh servers in its {@code beforeAll} and stop them in its {@code afterAll} (test classes run one after
 * another here). Subclasses start the services they need against them.
 */
abstract class StubbedUpstreamsTest {
    @RegisterExtension
    static WireMockExtension location = UpstreamFixtures.server();
    @RegisterExtension
    static WireMockExtension sun = UpstreamFixtures.server();
    @RegisterExtension
    static WireMockExtension weather = UpstreamFixtures.server();
}
